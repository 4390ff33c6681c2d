// admission.NewForbidden: a plugin's refusal as a 403 naming the object (its
// name, else its generateName, else "Unknown").
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { forbidden, qualifiedResource } from '../status.ts';
import type { ApiError } from '../status.ts';

export function admissionForbidden(t: ResourceType, obj: KubeObject, message: string): ApiError {
  const name = obj.metadata?.name || obj.metadata?.generateName || 'Unknown';
  return forbidden(`${qualifiedResource(t)} "${name}" is forbidden: ${message}`, { name, ...(t.group ? { group: t.group } : {}), kind: t.plural });
}

/** utilerrors.NewAggregate's text: one error as it is, several in brackets. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
