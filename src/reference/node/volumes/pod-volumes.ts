// A pod's volumes on the node, laid out as the kubelet lays them out
// (ROOT/pods/UID/volumes/kubernetes.io~PLUGIN/NAME): set up before the
// sandbox, their files refreshed while the pod runs, turned into the mounts
// of each container, and torn down with the pod. hostPath and
// persistentVolumeClaim volumes (the kdrill.dev/hostpath provisioner's
// PersistentVolumes are hostPath directories on their node) are used in
// place and outlive the pod.
import { mkdir, rm } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { ApiClient } from '../../../kube/api-client.ts';
import type { KubeObject } from '../../api/object.ts';
import type { Mount } from '../container-runtime.ts';
import type { Container, Pod, Volume } from '../pod-types.ts';
import { writeAtomically, type Payload } from './atomic-writer.ts';
import { setUpEmptyDir, tearDownEmptyDir } from './empty-dir.ts';
import { checkHostPathType } from './host-path.ts';
import { configMapPayload, downwardApiPayload, projectedPayload, secretPayload, type PayloadContext } from './volume-payloads.ts';

/** A volume that could not be set up; the kubelet's FailedMount event names it. */
export class VolumeSetupError extends Error {
  readonly volume: string;
  constructor(volume: string, message: string) {
    super(message);
    this.volume = volume;
  }
}

interface PreparedVolume {
  path: string;
  readOnly: boolean;
  /** Removed with the pod (emptyDir and the file-projecting kinds). */
  owned: boolean;
  memory: boolean;
}

interface PersistentVolume extends KubeObject {
  spec?: { hostPath?: { path: string; type?: string }; local?: { path: string } };
}

interface PersistentVolumeClaim extends KubeObject {
  spec?: { volumeName?: string };
  status?: { phase?: string };
}

export interface PodVolumesContext extends Omit<PayloadContext, 'pod'> {
  client: ApiClient;
  rootDir: string;
}

function pluginName(volume: Volume): string {
  if (volume.emptyDir) return 'empty-dir';
  if (volume.configMap) return 'configmap';
  if (volume.secret) return 'secret';
  if (volume.downwardAPI) return 'downward-api';
  if (volume.projected) return 'projected';
  return 'unsupported';
}

export class PodVolumes {
  private readonly ctx: PodVolumesContext;
  private readonly prepared = new Map<string, PreparedVolume>();
  private pod: Pod;

  constructor(pod: Pod, ctx: PodVolumesContext) {
    this.pod = pod;
    this.ctx = ctx;
  }

  get podDir(): string {
    return join(this.ctx.rootDir, 'pods', this.pod.metadata?.uid ?? '');
  }

  /** Sets up every volume not yet set up, and rewrites the projected files of those that are. */
  async setUp(pod: Pod): Promise<void> {
    this.pod = pod;
    for (const volume of pod.spec?.volumes ?? []) {
      try {
        const ready = this.prepared.get(volume.name);
        if (ready) {
          if (ready.owned && !volume.emptyDir) await this.writeFiles(volume, ready.path);
          continue;
        }
        this.prepared.set(volume.name, await this.prepare(volume));
      } catch (err) {
        throw err instanceof VolumeSetupError ? err : new VolumeSetupError(volume.name, (err as Error).message);
      }
    }
  }

  private async prepare(volume: Volume): Promise<PreparedVolume> {
    if (volume.hostPath) {
      await checkHostPathType(volume.hostPath.path, volume.hostPath.type);
      return { path: volume.hostPath.path, readOnly: false, owned: false, memory: false };
    }
    if (volume.persistentVolumeClaim) {
      const path = await this.claimPath(volume.persistentVolumeClaim.claimName);
      return { path, readOnly: volume.persistentVolumeClaim.readOnly ?? false, owned: false, memory: false };
    }
    const plugin = pluginName(volume);
    if (plugin === 'unsupported') throw new VolumeSetupError(volume.name, `volume ${volume.name}: this node supports no volume of its kind`);
    const path = join(this.podDir, 'volumes', `kubernetes.io~${plugin}`, volume.name);
    if (volume.emptyDir) {
      await setUpEmptyDir(path, volume.emptyDir.medium, volume.emptyDir.sizeLimit);
      return { path, readOnly: false, owned: true, memory: volume.emptyDir.medium === 'Memory' };
    }
    await this.writeFiles(volume, path);
    // The kubelet mounts these read-only whatever the container asks.
    return { path, readOnly: true, owned: true, memory: false };
  }

  private async writeFiles(volume: Volume, path: string): Promise<void> {
    const pctx: PayloadContext = { ...this.ctx, pod: this.pod };
    let payload: Payload;
    if (volume.configMap) payload = await configMapPayload(pctx, volume.configMap);
    else if (volume.secret) payload = await secretPayload(pctx, volume.secret);
    else if (volume.downwardAPI) payload = downwardApiPayload(pctx, volume.downwardAPI);
    else if (volume.projected) payload = await projectedPayload(pctx, volume.projected);
    else return;
    await writeAtomically(path, payload);
  }

  private async claimPath(claimName: string): Promise<string> {
    const namespace = this.pod.metadata?.namespace ?? '';
    const claim = await this.ctx.client.get<PersistentVolumeClaim>(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claimName}`);
    const volumeName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !volumeName) throw new Error(`error processing PVC ${namespace}/${claimName}: PVC is not bound`);
    const pv = await this.ctx.client.get<PersistentVolume>(`/api/v1/persistentvolumes/${volumeName}`);
    if (pv.spec?.hostPath) {
      await checkHostPathType(pv.spec.hostPath.path, pv.spec.hostPath.type);
      return pv.spec.hostPath.path;
    }
    if (pv.spec?.local) return pv.spec.local.path;
    throw new Error(`persistent volume ${volumeName}: this node mounts only hostPath and local volumes`);
  }

  /** The container's mounts; a subPath is a directory inside the volume, made if missing. */
  async mountsFor(container: Container): Promise<Mount[]> {
    const mounts: Mount[] = [];
    for (const m of container.volumeMounts ?? []) {
      const volume = this.prepared.get(m.name);
      if (!volume) throw new Error(`volume ${m.name} of container ${container.name} is not set up`);
      let hostPath = volume.path;
      if (m.subPath) {
        const sub = normalize(m.subPath);
        if (sub.startsWith('..') || sub.startsWith('/')) throw new Error(`subPath ${m.subPath} must stay inside volume ${m.name}`);
        hostPath = join(volume.path, sub);
        await mkdir(hostPath, { recursive: true });
      }
      mounts.push({ hostPath, containerPath: m.mountPath, readOnly: volume.readOnly || (m.readOnly ?? false) });
    }
    return mounts;
  }

  /** Removes what the pod owned (emptyDir, projected files); hostPath and claims stay. */
  async tearDown(): Promise<void> {
    for (const volume of this.prepared.values()) {
      if (volume.memory) await tearDownEmptyDir(volume.path);
    }
    this.prepared.clear();
    await rm(this.podDir, { recursive: true, force: true });
  }
}
