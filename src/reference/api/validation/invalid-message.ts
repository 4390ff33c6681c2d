// The message of the 422 Invalid Status kube-apiserver answers with
// (errors.NewInvalid): `Pod "x" is invalid: [spec.containers[0].image:
// Required value, ...]`, a single error without brackets, repeats listed once.
import type { ResourceType } from '../resources.ts';
import { goQuote } from './bad-value.ts';
import { causeText, type StatusCause } from './status-cause.ts';

/** "Pod", "Deployment.apps": the group-qualified kind. */
function qualifiedKind(type: ResourceType): string {
  return type.group === '' ? type.kind : `${type.kind}.${type.group}`;
}

export function invalidMessage(type: ResourceType, name: string, causes: readonly StatusCause[]): string {
  const head = `${qualifiedKind(type)} ${goQuote(name)} is invalid`;
  const texts = [...new Set(causes.map(causeText))];
  if (texts.length === 0) return head;
  return texts.length === 1 ? `${head}: ${texts[0]}` : `${head}: [${texts.join(', ')}]`;
}
