// pods/eviction (policy/v1 Eviction): a delete with the eviction's options.
// PodDisruptionBudgets are not served yet, so no budget can refuse it.
import { deleteObject, type DeleteOptions } from '../deletion.ts';
import type { KubeObject } from '../object.ts';
import type { Registry } from '../registry.ts';
import type { ResourceType } from '../resources.ts';

export async function evictPod(registry: Registry, pods: ResourceType, namespace: string, name: string, eviction: KubeObject): Promise<void> {
  const options = (eviction.deleteOptions ?? {}) as DeleteOptions;
  await deleteObject(registry, pods, namespace, name, options);
}
