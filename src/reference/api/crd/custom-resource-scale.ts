// The scale subresource of a custom resource: an autoscaling/v1 Scale read
// from and written to the places its CRD names (specReplicasPath,
// statusReplicasPath, labelSelectorPath), as apiextensions-apiserver's
// ScaleREST does.
import type { KubeObject } from '../object.ts';
import type { Patcher } from '../patch-request.ts';
import type { Registry, WriteContext } from '../registry.ts';
import { writeScale } from '../subresources/scale.ts';
import type { CustomResourceType } from './custom-resource-type.ts';

/** ".spec.replicas" → ["spec", "replicas"]. */
function steps(path: string): string[] {
  return path.split('.').filter(Boolean);
}

function read(obj: KubeObject, path: string | undefined): unknown {
  if (!path) return undefined;
  let v: unknown = obj;
  for (const s of steps(path)) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function write(obj: KubeObject, path: string, value: unknown): void {
  const parts = steps(path);
  let v = obj as Record<string, unknown>;
  for (const s of parts.slice(0, -1)) {
    if (typeof v[s] !== 'object' || v[s] === null) v[s] = {};
    v = v[s] as Record<string, unknown>;
  }
  v[parts[parts.length - 1]!] = value;
}

export function readCustomScale(t: CustomResourceType, obj: KubeObject): KubeObject {
  const paths = t.custom.scale!;
  const m = obj.metadata ?? {};
  const specReplicas = read(obj, paths.specReplicasPath);
  const statusReplicas = read(obj, paths.statusReplicasPath);
  const selector = read(obj, paths.labelSelectorPath);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, ...(typeof selector === 'string' && selector ? { selector } : {}) },
  };
}

export function writeCustomScale(
  registry: Registry,
  patcher: Patcher,
  t: CustomResourceType,
  namespace: string | undefined,
  name: string,
  method: 'PUT' | 'PATCH',
  patchType: string,
  body: unknown,
  ctx: WriteContext,
): Promise<KubeObject> {
  return writeScale(registry, patcher, t, namespace, name, method, patchType, body, ctx, {
    read: (obj) => readCustomScale(t, obj),
    setReplicas: (obj, replicas) => write(obj, t.custom.scale!.specReplicasPath, replicas),
  });
}
