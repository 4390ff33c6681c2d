// Container defaults (SetDefaults_Container and what is nested in a
// container): pull policy from the image tag, termination message, port
// protocols, probes and hooks, downward API field selectors, quantities in
// canonical form.
import { isObj, objs, str, type Obj } from '../validation/object-access.ts';
import { imageTag } from './image-reference.ts';
import { canonicalQuantity, canonicalResourceList } from './quantities.ts';
import { defaultHandler, defaultProbe } from './probe.ts';

/** ObjectFieldSelector.apiVersion, and the divisor a ResourceFieldSelector always shows ("0" when unset). */
export function defaultFieldSelectors(source: Obj): void {
  if (isObj(source.fieldRef)) source.fieldRef.apiVersion ||= 'v1';
  if (isObj(source.resourceFieldRef)) source.resourceFieldRef.divisor = canonicalQuantity(source.resourceFieldRef.divisor ?? '0');
}

export function defaultContainer(c: Obj): void {
  c.imagePullPolicy ||= imageTag(str(c.image)) === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  if (isObj(c.resources)) {
    canonicalResourceList(c.resources.limits);
    canonicalResourceList(c.resources.requests);
  }
  for (const port of objs(c.ports)) port.protocol ||= 'TCP';
  for (const env of objs(c.env)) if (isObj(env.valueFrom)) defaultFieldSelectors(env.valueFrom);
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[kind]);
  if (isObj(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop']) if (isObj(c.lifecycle[hook])) defaultHandler(c.lifecycle[hook]);
  }
}
