// The PersistentVolume binder (upstream pkg/controller/volume/persistentvolume,
// pv_controller.go): binds Pending claims to volumes, moves volumes through
// Available, Bound, Released and Failed, and reclaims released ones. Dynamic
// provisioning is the provisioner's (hostpath-provisioner.ts); the binder
// marks which claims wait for it and binds the volumes it makes like any
// other (they come pre-bound through claimRef).
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import {
  annBindCompleted, annBoundByController, annProvisionedBy, annSelectedNode, annStorageProvisioner, claimClass, findBestMatch, isPreBoundTo,
  type PersistentVolume, type PersistentVolumeClaim,
} from './pv-matching.ts';
import { hostpathProvisionerName } from './pv-hostpath-volume.ts';

interface StorageClass extends KubeObject {
  provisioner?: string;
  volumeBindingMode?: string;
}

const volumesPath = '/api/v1/persistentvolumes';
const claimsPath = '/api/v1/persistentvolumeclaims';

function claimPath(namespace: string | undefined, name: string): string {
  return `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${name}`;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === 404;
}

export async function startPersistentVolumeBinder(ctx: ControllerContext): Promise<Controller> {
  const volumes = ctx.informers.for<PersistentVolume>(volumesPath);
  const claims = ctx.informers.for<PersistentVolumeClaim>(claimsPath);
  const classes = ctx.informers.for<StorageClass>('/apis/storage.k8s.io/v1/storageclasses');
  const events = ctx.events('persistentvolume-controller');
  const volumeQueue = createWorkQueue({ log: ctx.log });
  const claimQueue = createWorkQueue({ log: ctx.log });
  let stopped = false;

  const addVolume = (v: KubeObject) => !stopped && volumeQueue.add(objectKey(v));
  const addClaim = (c: KubeObject) => !stopped && claimQueue.add(objectKey(c));
  const addAllPendingClaims = () => {
    for (const c of claims.list()) if (!c.metadata?.annotations?.[annBindCompleted]) addClaim(c);
  };
  const claimOfVolume = (v: PersistentVolume) => {
    const ref = v.spec?.claimRef;
    if (ref?.name && !stopped) claimQueue.add(`${ref.namespace}/${ref.name}`);
  };
  volumes.on({
    add: (v) => { addVolume(v); addAllPendingClaims(); },
    update: (_o, v) => { addVolume(v); claimOfVolume(v); addAllPendingClaims(); },
    delete: (v) => claimOfVolume(v),
  });
  claims.on({
    add: addClaim,
    update: (_o, c) => addClaim(c),
    delete: (c) => {
      const name = c.spec?.volumeName;
      if (name && !stopped) volumeQueue.add(name);
    },
  });
  classes.on({ add: addAllPendingClaims, update: addAllPendingClaims });
  await Promise.all([volumes.synced(), claims.synced(), classes.synced()]);

  async function setVolumePhase(volume: PersistentVolume, phase: string, message?: string): Promise<PersistentVolume> {
    if (volume.status?.phase === phase && volume.status?.message === message) return volume;
    const status = { ...(volume.status ?? {}), phase, ...(message ? { message } : {}) };
    if (!message) delete status.message;
    return ctx.client.update<PersistentVolume>(`${volumesPath}/${volume.metadata?.name}/status`, { ...volume, status });
  }

  async function setClaimStatus(claim: PersistentVolumeClaim, phase: string, volume?: PersistentVolume): Promise<void> {
    const status = { ...(claim.status ?? {}), phase };
    if (volume) {
      status.capacity = { ...(volume.spec?.capacity ?? {}) } as Record<string, string>;
      status.accessModes = [...(volume.spec?.accessModes ?? [])];
    }
    if (JSON.stringify(status) === JSON.stringify(claim.status ?? {})) return;
    await ctx.client.update(`${claimPath(claim.metadata?.namespace, claim.metadata?.name ?? '')}/status`, { ...claim, status });
  }

  /** bind(): the volume's claimRef, then its phase, then the claim's volumeName and annotations, then its phase. */
  async function bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const m = claim.metadata ?? {};
    let v = volume;
    if (v.spec?.claimRef?.uid !== m.uid) {
      const annotations = { ...(v.metadata?.annotations ?? {}), ...(v.spec?.claimRef ? {} : { [annBoundByController]: 'yes' }) };
      const claimRef = { kind: 'PersistentVolumeClaim', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1', resourceVersion: m.resourceVersion };
      v = await ctx.client.update<PersistentVolume>(`${volumesPath}/${v.metadata?.name}`, { ...v, metadata: { ...v.metadata, annotations }, spec: { ...v.spec, claimRef } });
    }
    v = await setVolumePhase(v, 'Bound');
    let c = claim;
    if (c.spec?.volumeName !== v.metadata?.name || !c.metadata?.annotations?.[annBindCompleted]) {
      const annotations: Record<string, string> = { ...(m.annotations ?? {}), [annBindCompleted]: 'yes' };
      if (!c.spec?.volumeName) annotations[annBoundByController] = 'yes';
      c = await ctx.client.update<PersistentVolumeClaim>(claimPath(m.namespace, m.name ?? ''), { ...c, metadata: { ...m, annotations }, spec: { ...c.spec, volumeName: v.metadata?.name } });
    }
    await setClaimStatus(c, 'Bound', v);
  }

  async function syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const className = claimClass(claim);
    const storageClass = className ? classes.get(undefined, className) : undefined;
    const delayBinding = storageClass?.volumeBindingMode === 'WaitForFirstConsumer';
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      const volume = volumes.get(undefined, volumeName);
      if (!volume) return setClaimStatus(claim, 'Pending');
      if (volume.spec?.claimRef && !isPreBoundTo(volume, claim)) {
        events.record(claim, 'Warning', 'FailedBinding', 'volume "' + volumeName + '" already bound to a different claim.');
        return setClaimStatus(claim, 'Pending');
      }
      return bind(volume, claim);
    }
    const match = findBestMatch(volumes.list(), claim, delayBinding);
    if (match) return bind(match, claim);
    if (delayBinding && !claim.metadata?.annotations?.[annSelectedNode]) {
      events.record(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    } else if (className) {
      if (!storageClass) {
        events.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      } else {
        const provisioner = storageClass.provisioner ?? '';
        if (claim.metadata?.annotations?.[annStorageProvisioner] !== provisioner) {
          const annotations = { ...(claim.metadata?.annotations ?? {}), [annStorageProvisioner]: provisioner };
          await ctx.client.update(claimPath(claim.metadata?.namespace, claim.metadata?.name ?? ''), { ...claim, metadata: { ...claim.metadata, annotations } });
          return;
        }
        events.record(claim, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
      }
    } else {
      events.record(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    await setClaimStatus(claim, 'Pending');
  }

  async function syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName;
    const volume = volumeName ? volumes.get(undefined, volumeName) : undefined;
    if (!volumeName) {
      if (claim.status?.phase !== 'Lost') events.record(claim, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return setClaimStatus(claim, 'Lost');
    }
    if (!volume) {
      if (claim.status?.phase !== 'Lost') events.record(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return setClaimStatus(claim, 'Lost');
    }
    if (!volume.spec?.claimRef || isPreBoundTo(volume, claim)) return bind(volume, claim);
    events.record(claim, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
    await setClaimStatus(claim, 'Lost');
  }

  async function syncClaim(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = claims.get(namespace, name);
    if (!claim || claim.metadata?.deletionTimestamp) return;
    if (claim.metadata?.annotations?.[annBindCompleted]) await syncBoundClaim(claim);
    else await syncUnboundClaim(claim);
  }

  async function reclaim(volume: PersistentVolume): Promise<void> {
    const name = volume.metadata?.name ?? '';
    const policy = volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    // Volumes a provisioner made are its to delete.
    if (volume.metadata?.annotations?.[annProvisionedBy] === hostpathProvisionerName) return;
    if (policy === 'Delete') {
      const message = `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`;
      if (volume.status?.phase !== 'Failed') events.record(volume, 'Warning', 'VolumeFailedDelete', message);
      await setVolumePhase(volume, 'Failed', message);
      return;
    }
    const message = 'No recycler plugin found for the volume!';
    if (volume.status?.phase !== 'Failed') events.record(volume, 'Warning', 'VolumeFailedRecycle', message);
    await setVolumePhase(volume, 'Failed', message);
  }

  async function syncVolume(key: string): Promise<void> {
    const volume = volumes.get(undefined, key);
    if (!volume || volume.metadata?.deletionTimestamp) return;
    const ref = volume.spec?.claimRef;
    if (!ref) {
      await setVolumePhase(volume, 'Available');
      return;
    }
    if (!ref.uid) {
      // Pre-bound to a claim by name: Available until the claim's sync binds it.
      await setVolumePhase(volume, 'Available');
      return;
    }
    const claim = claims.get(ref.namespace, ref.name ?? '');
    if (!claim || claim.metadata?.uid !== ref.uid) {
      if (volume.status?.phase === 'Failed') return;
      const released = volume.status?.phase === 'Released' ? volume : await setVolumePhase(volume, 'Released');
      await reclaim(released);
      return;
    }
    if (!claim.spec?.volumeName) return;
    if (claim.spec.volumeName === volume.metadata?.name) {
      await setVolumePhase(volume, 'Bound');
      return;
    }
    // The claim went to another volume: undo this one's binding if the controller made it.
    if (volume.metadata?.annotations?.[annBoundByController]) {
      const { [annBoundByController]: _dropped, ...annotations } = volume.metadata.annotations;
      const unbound = await ctx.client.update<PersistentVolume>(`${volumesPath}/${volume.metadata?.name}`, { ...volume, metadata: { ...volume.metadata, annotations }, spec: { ...volume.spec, claimRef: null } });
      await setVolumePhase(unbound, 'Available');
    } else {
      const released = await setVolumePhase(volume, 'Released');
      await reclaim(released);
    }
  }

  const retryOnStale = (sync: (key: string) => Promise<void>) => async (key: string) => {
    try {
      await sync(key);
    } catch (err) {
      // 404: the object went meanwhile; its delete event brings the next sync.
      if (!isNotFound(err)) throw err;
    }
  };
  volumeQueue.run(1, retryOnStale(syncVolume));
  claimQueue.run(1, retryOnStale(syncClaim));
  return {
    async stop() {
      stopped = true;
      await Promise.all([volumeQueue.stop(), claimQueue.stop()]);
    },
  };
}
