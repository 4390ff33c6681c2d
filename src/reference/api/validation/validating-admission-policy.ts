// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies and their
// Bindings (ValidateValidatingAdmissionPolicy / ...Binding): a policy has
// match constraints with resource rules and at least one validation or audit
// annotation, each with an expression; a binding names its policy and takes
// validation actions among Deny, Warn and Audit (not both Deny and Warn).
// CEL expressions are stored, not compiled.
import { child, index } from './field-path.ts';
import { arr, isObj, obj, objs, str, type Obj } from './object-access.ts';
import { duplicate, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const validationActions = ['Audit', 'Deny', 'Warn'];

export function validateValidatingAdmissionPolicy(policy: Obj): StatusCause[] {
  const spec = obj(policy.spec);
  const p = (...f: string[]) => child('spec', ...f);
  const causes: StatusCause[] = [];
  if (typeof spec.failurePolicy === 'string' && !['Fail', 'Ignore'].includes(spec.failurePolicy)) causes.push(notSupported(p('failurePolicy'), spec.failurePolicy, ['Fail', 'Ignore']));
  if (!isObj(spec.matchConstraints)) causes.push(required(p('matchConstraints')));
  else if (!arr(spec.matchConstraints.resourceRules).length) causes.push(required(p('matchConstraints', 'resourceRules')));
  const validations = objs(spec.validations);
  const audits = objs(spec.auditAnnotations);
  if (!validations.length && !audits.length) causes.push(required(p('validations'), 'validations or auditAnnotations must contain at least one item'));
  validations.forEach((v, i) => {
    if (!str(v.expression).trim()) causes.push(required(child(index(p('validations'), i), 'expression'), 'expression is not specified'));
    if (typeof v.reason === 'string' && !['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'].includes(v.reason)) {
      causes.push(notSupported(child(index(p('validations'), i), 'reason'), v.reason, ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']));
    }
  });
  audits.forEach((a, i) => {
    if (!str(a.key)) causes.push(required(child(index(p('auditAnnotations'), i), 'key')));
    if (!str(a.valueExpression).trim()) causes.push(required(child(index(p('auditAnnotations'), i), 'valueExpression'), 'valueExpression is not specified'));
  });
  objs(spec.matchConditions).forEach((c, i) => {
    if (!str(c.name)) causes.push(required(child(index(p('matchConditions'), i), 'name')));
    if (!str(c.expression).trim()) causes.push(required(child(index(p('matchConditions'), i), 'expression')));
  });
  return causes;
}

export function validateValidatingAdmissionPolicyBinding(binding: Obj): StatusCause[] {
  const spec = obj(binding.spec);
  const p = (f: string) => child('spec', f);
  const causes: StatusCause[] = [];
  if (!str(spec.policyName)) causes.push(required(p('policyName')));
  const actions = arr(spec.validationActions).map(str);
  if (!actions.length) causes.push(required(p('validationActions')));
  actions.forEach((a, i) => {
    if (!validationActions.includes(a)) causes.push(notSupported(index(p('validationActions'), i), a, validationActions));
    else if (actions.indexOf(a) !== i) causes.push(duplicate(index(p('validationActions'), i), a));
  });
  if (actions.includes('Deny') && actions.includes('Warn')) {
    causes.push(invalid(p('validationActions'), actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  }
  if (isObj(spec.paramRef) && !str(spec.paramRef.name) && !isObj(spec.paramRef.selector)) causes.push(required(child(p('paramRef'), 'name'), 'one of `name` or `selector` must be specified'));
  return causes;
}
