// The scale subresource (autoscaling/v1 Scale) of deployments, replicasets,
// replicationcontrollers and statefulsets: a view of spec.replicas, status.replicas and the selector.
import type { KubeObject } from '../object.ts';
import type { Patcher } from '../patch-request.ts';
import type { Registry, WriteContext } from '../registry.ts';
import type { ResourceType } from '../resources.ts';
import { ApiError, badRequest, conflict } from '../status.ts';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The selector in its string form, as Scale.status.selector carries it. */
export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

export function readScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  // A ReplicationController's selector is a plain map of labels.
  const selector = obj.kind === 'ReplicationController' ? { matchLabels: spec.selector as Record<string, string> | undefined } : spec.selector;
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(selector) },
  };
}

/** Where a type keeps what its Scale shows: built-in types in spec.replicas, custom resources where their CRD says. */
export interface ScaleAccess {
  read(obj: KubeObject): KubeObject;
  setReplicas(obj: KubeObject, replicas: number): void;
}

const builtinScale: ScaleAccess = {
  read: readScale,
  setReplicas: (obj, replicas) => void ((obj.spec as { replicas?: number }).replicas = replicas),
};

export async function writeScale(
  registry: Registry,
  patcher: Patcher,
  t: ResourceType,
  namespace: string | undefined,
  name: string,
  method: 'PUT' | 'PATCH',
  patchType: string,
  body: unknown,
  ctx: WriteContext,
  access: ScaleAccess = builtinScale,
): Promise<KubeObject> {
  const updated = await registry.write(t, namespace, name, (current) => {
    const scale = access.read(current!);
    let wanted: KubeObject;
    if (method === 'PUT') {
      wanted = body as KubeObject;
      const rv = wanted.metadata?.resourceVersion;
      if (rv && rv !== current!.metadata?.resourceVersion) throw conflict(t, name);
    } else {
      wanted = patcher.patchScale(scale, patchType, body);
    }
    // Scale.spec.replicas is an int32 with omitempty: absent is 0, which is how Go clients (kubectl scale --replicas=0) send zero.
    const replicas = (wanted.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas: Required value: an integer replica count');
    // As kube-apiserver: the Scale is validated before the object it scales (ValidateScale).
    if (replicas < 0) {
      const message = `Invalid value: ${replicas}: must be greater than or equal to 0`;
      throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: ${message}`, { name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', message, field: 'spec.replicas' }] });
    }
    access.setReplicas(current!, replicas);
    return current!;
  }, { ...ctx, subresource: 'scale' });
  return access.read(updated);
}
