// Definitions that serialise as a JSON scalar or as free-form JSON rather than
// as a struct, so @kubernetes/client-node has no model class for them (it uses
// Date, string, IntOrString or any instead). Their shapes are Kubernetes'.

import type { Schema } from '../definitions.ts';

export const timeName = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const microTimeName = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
export const quantityName = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const intOrStringName = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

const apiextensions = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

export const specialShapes: Record<string, Schema> = {
  [timeName]: { type: 'string', format: 'date-time' },
  [microTimeName]: { type: 'string', format: 'date-time' },
  [quantityName]: { type: 'string' },
  [intOrStringName]: { type: 'string', format: 'int-or-string' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object' },
  [`${apiextensions}.JSON`]: {},
  [`${apiextensions}.JSONSchemaPropsOrArray`]: {},
  [`${apiextensions}.JSONSchemaPropsOrBool`]: {},
  [`${apiextensions}.JSONSchemaPropsOrStringArray`]: {},
};

/** Descriptions for special definitions that kubernetes-models does not describe. */
export const specialDescriptions: Record<string, string> = {
  [quantityName]:
    'Quantity is a fixed-point number written as a string: a decimal or exponent form followed by an optional SI (m, k, M, G, ...) or binary (Ki, Mi, Gi, ...) suffix, such as 100m, 1.5Gi or 2e3.',
};
