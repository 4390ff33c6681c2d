// kubectl's client-side apply annotation, as kube-apiserver's fieldmanager
// honours it for the manager "kubectl": a first `kubectl apply --server-side`
// after client-side applies takes over the fields the annotation still
// describes without conflicts, and later server-side applies keep the
// annotation in step for clients that read it.

import type { JsonValue, KubeObject } from '../object.ts';
import type { TypeInfo } from '../schema/type-info.ts';
import { compareObjects } from './compare-objects.ts';
import type { FieldSet } from './field-set.ts';
import { goJson } from './go-text.ts';
import { cloneJson, isJsonObject } from './json-value.ts';
import { toFieldSet } from './to-field-set.ts';
import type { ValueSchema } from './value-schema.ts';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const kubectlManager = 'kubectl';

/**
 * The fields of the live object that its last-applied annotation describes
 * as they are, or undefined when there is no usable annotation.
 */
export function fieldsOfLastApplied(typeInfo: TypeInfo, live: KubeObject, apiVersion: string, schema: ValueSchema): FieldSet | undefined {
  const annotation = live.metadata?.annotations?.[lastAppliedAnnotation];
  if (!annotation) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  if (!isJsonObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  const { set, errors } = toFieldSet(typeInfo, lastApplied, schema, true);
  if (errors.length > 0) return undefined;
  const changes = compareObjects(typeInfo, lastApplied, live as JsonValue, schema);
  return set.difference(changes.modified).difference(changes.added).difference(changes.removed);
}

/** The annotation's value for an applied configuration: its JSON without the annotation itself, as Go encodes it. */
export function lastAppliedValue(applied: KubeObject): string {
  const copy = cloneJson(applied);
  const annotations = copy.metadata?.annotations;
  if (annotations) delete annotations[lastAppliedAnnotation];
  return `${goJson(copy)}\n`;
}
