// The kdrill.dev/hostpath dynamic provisioner, in the shape of the
// kubernetes-csi external-provisioner: for a Pending claim of a StorageClass
// with this provisioner it creates a hostPath PersistentVolume pre-bound to
// the claim (the binder completes the binding), at once for Immediate classes
// and once the scheduler has picked a node (volume.kubernetes.io/selected-node)
// for WaitForFirstConsumer ones; and it deletes its Released volumes whose
// reclaim policy is Delete. An Immediate volume is pinned to the first node
// by name, as a hostPath lives on one node; with no node yet it is unpinned.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { hostpathProvisionerName, hostpathVolumeFor, provisionedVolumeName, type ProvisioningClass } from './pv-hostpath-volume.ts';
import { annBindCompleted, annProvisionedBy, annSelectedNode, claimClass, type PersistentVolume, type PersistentVolumeClaim } from './pv-matching.ts';

interface StorageClass extends ProvisioningClass {
  provisioner?: string;
  volumeBindingMode?: string;
}

const volumesPath = '/api/v1/persistentvolumes';

export async function startHostpathProvisioner(ctx: ControllerContext): Promise<Controller> {
  const claims = ctx.informers.for<PersistentVolumeClaim>('/api/v1/persistentvolumeclaims');
  const volumes = ctx.informers.for<PersistentVolume>(volumesPath);
  const classes = ctx.informers.for<StorageClass>('/apis/storage.k8s.io/v1/storageclasses');
  const nodes = ctx.informers.for('/api/v1/nodes');
  const events = ctx.events(hostpathProvisionerName);
  const claimQueue = createWorkQueue({ log: ctx.log });
  const volumeQueue = createWorkQueue({ log: ctx.log });
  let stopped = false;

  const addClaim = (c: KubeObject) => !stopped && claimQueue.add(objectKey(c));
  const addVolume = (v: PersistentVolume) => !stopped && v.metadata?.annotations?.[annProvisionedBy] === hostpathProvisionerName && volumeQueue.add(objectKey(v));
  claims.on({ add: addClaim, update: (_o, c) => addClaim(c) });
  classes.on({ add: () => claims.list().forEach(addClaim) });
  volumes.on({ add: addVolume, update: (_o, v) => addVolume(v) });
  await Promise.all([claims.synced(), volumes.synced(), classes.synced(), nodes.synced()]);

  async function syncClaim(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = claims.get(namespace, name);
    if (!claim || claim.metadata?.deletionTimestamp || claim.spec?.volumeName || claim.metadata?.annotations?.[annBindCompleted]) return;
    const storageClass = classes.get(undefined, claimClass(claim));
    if (!storageClass || storageClass.provisioner !== hostpathProvisionerName) return;
    const selectedNode = claim.metadata?.annotations?.[annSelectedNode];
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode) return;
    const volumeName = provisionedVolumeName(claim);
    if (volumes.get(undefined, volumeName)) return;
    const node = selectedNode ?? nodes.list().map((n) => n.metadata?.name ?? '').sort()[0];
    events.record(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`);
    try {
      await ctx.client.create(volumesPath, hostpathVolumeFor(claim, storageClass, node));
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 409) return;
      events.record(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${storageClass.metadata?.name}": ${(err as Error).message}`);
      throw err;
    }
    events.record(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volumeName}`);
  }

  async function syncVolume(key: string): Promise<void> {
    const volume = volumes.get(undefined, key);
    if (!volume || volume.metadata?.deletionTimestamp) return;
    if (volume.status?.phase !== 'Released' || volume.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    try {
      await ctx.client.delete(`${volumesPath}/${key}`, { preconditions: { uid: volume.metadata?.uid } });
    } catch (err) {
      if (!(err instanceof ApiRequestError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  claimQueue.run(1, syncClaim);
  volumeQueue.run(1, syncVolume);
  return {
    async stop() {
      stopped = true;
      await Promise.all([claimQueue.stop(), volumeQueue.stop()]);
    },
  };
}
