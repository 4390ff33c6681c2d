// What a pod refers to that its node must read to run it: secrets and config
// maps (volumes, projected sources, env, envFrom, image pull secrets),
// persistent volume claims, and its service account, as the node authorizer's
// graph records them.
import type { KubeObject } from '../object.ts';

interface EnvSource { secretKeyRef?: { name?: string }; configMapKeyRef?: { name?: string } }
interface Container {
  env?: { valueFrom?: EnvSource }[];
  envFrom?: { secretRef?: { name?: string }; configMapRef?: { name?: string } }[];
}
interface Volume {
  secret?: { secretName?: string };
  configMap?: { name?: string };
  persistentVolumeClaim?: { claimName?: string };
  projected?: { sources?: { secret?: { name?: string }; configMap?: { name?: string } }[] };
}
interface PodSpec {
  nodeName?: string;
  serviceAccountName?: string;
  volumes?: Volume[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  imagePullSecrets?: { name?: string }[];
}

export interface PodReferences {
  secrets: Set<string>;
  configmaps: Set<string>;
  persistentvolumeclaims: Set<string>;
  serviceaccounts: Set<string>;
}

export function podReferences(pod: KubeObject): PodReferences {
  const spec = (pod.spec ?? {}) as PodSpec;
  const refs: PodReferences = { secrets: new Set(), configmaps: new Set(), persistentvolumeclaims: new Set(), serviceaccounts: new Set() };
  const add = (set: Set<string>, name: string | undefined) => name && set.add(name);
  for (const v of spec.volumes ?? []) {
    add(refs.secrets, v.secret?.secretName);
    add(refs.configmaps, v.configMap?.name);
    add(refs.persistentvolumeclaims, v.persistentVolumeClaim?.claimName);
    for (const s of v.projected?.sources ?? []) {
      add(refs.secrets, s.secret?.name);
      add(refs.configmaps, s.configMap?.name);
    }
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.env ?? []) {
      add(refs.secrets, e.valueFrom?.secretKeyRef?.name);
      add(refs.configmaps, e.valueFrom?.configMapKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      add(refs.secrets, e.secretRef?.name);
      add(refs.configmaps, e.configMapRef?.name);
    }
  }
  for (const s of spec.imagePullSecrets ?? []) add(refs.secrets, s.name);
  add(refs.serviceaccounts, spec.serviceAccountName || 'default');
  return refs;
}

export function podNodeName(pod: KubeObject): string | undefined {
  return (pod.spec as PodSpec | undefined)?.nodeName;
}
