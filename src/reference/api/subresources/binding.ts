// pods/binding: the scheduler's way of assigning a pod to a node. Sets
// spec.nodeName once and records PodScheduled=True, as kube-apiserver does.
import type { KubeObject } from '../object.ts';
import type { Registry, WriteContext } from '../registry.ts';
import type { ResourceType } from '../resources.ts';
import { ApiError, badRequest, conflict } from '../status.ts';

interface Condition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  [k: string]: unknown;
}

export async function bindPod(registry: Registry, pods: ResourceType, namespace: string, name: string, binding: KubeObject, ctx: WriteContext): Promise<void> {
  const target = binding.target as { kind?: string; name?: string } | undefined;
  if (binding.metadata?.name && binding.metadata.name !== name) throw badRequest('the name of the binding does not match the pod');
  if (!target?.name) throw new ApiError(422, 'Invalid', `Binding "${name}" is invalid: target.name: Required value`, { name, kind: 'Binding', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }] });
  if (target.kind && target.kind !== 'Node') throw badRequest(`target.kind: Invalid value: "${target.kind}": must be empty or 'Node'`);
  await registry.write(pods, namespace, name, (current) => {
    const pod = current!;
    const spec = (pod.spec ??= {}) as { nodeName?: string };
    if (pod.metadata?.deletionTimestamp) throw conflict(pods, name, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw conflict(pods, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    const status = (pod.status ??= {}) as { conditions?: Condition[] };
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    status.conditions = conditions;
    return pod;
  }, { ...ctx, subresource: 'binding' });
}
