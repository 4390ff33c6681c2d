// networking.k8s.io/v1 IngressClasses (ValidateIngressClass): a
// domain-prefixed controller name of at most 250 characters, fixed once set,
// and parameters with a kind, a name and a Cluster or Namespace scope (a
// namespace exactly when Namespace).
import { child } from './field-path.ts';
import { isQualifiedName } from './formats.ts';
import { isObj, obj, str, type Obj } from './object-access.ts';
import { invalid, notSupported, required, tooLong, type StatusCause } from './status-cause.ts';

export function validateIngressClass(ingressClass: Obj): StatusCause[] {
  const spec = obj(ingressClass.spec);
  const p = (...f: string[]) => child('spec', ...f);
  const causes: StatusCause[] = [];
  const controller = str(spec.controller);
  if (!controller) causes.push(required(p('controller')));
  else if (controller.length > 250) causes.push(tooLong(p('controller'), 250));
  else if (!controller.includes('/') || isQualifiedName(controller).length) causes.push(invalid(p('controller'), controller, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  if (isObj(spec.parameters)) {
    const params = spec.parameters;
    if (!str(params.kind)) causes.push(required(p('parameters', 'kind')));
    if (!str(params.name)) causes.push(required(p('parameters', 'name')));
    const scope = str(params.scope) || 'Cluster';
    if (!['Cluster', 'Namespace'].includes(scope)) causes.push(notSupported(p('parameters', 'scope'), scope, ['Cluster', 'Namespace']));
    if (scope === 'Namespace' && !str(params.namespace)) causes.push(required(p('parameters', 'namespace'), '`parameters.scope` is set to "Namespace"'));
    if (scope === 'Cluster' && str(params.namespace)) causes.push(invalid(p('parameters', 'namespace'), str(params.namespace), '`parameters.scope` is set to "Cluster"'));
  }
  return causes;
}

export function validateIngressClassUpdate(ingressClass: Obj, old: Obj): StatusCause[] {
  const controller = str(obj(ingressClass.spec).controller);
  const fixed = controller === str(obj(old.spec).controller) ? [] : [invalid(child('spec', 'controller'), controller, 'field is immutable')];
  return [...validateIngressClass(ingressClass), ...fixed];
}
