// apps/v1 Deployments and ReplicaSets: a non-empty selector that selects the
// template, a valid always-restarting template, counts that are not negative,
// a rollout strategy; the selector cannot change.
import { goJson, PrintedValue } from './bad-value.ts';
import { child } from './field-path.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { selectorMatches } from './label-selector.ts';
import { isObj, num, obj, optNum, semanticEqual, str, type Obj } from './object-access.ts';
import { validateAlwaysRestarting, validatePodTemplateSpec, validateSelectorMatchesTemplate, validateWorkloadSelector } from './pod-template.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

export function validateNonNegative(value: unknown, path: string): StatusCause[] {
  const n = num(value);
  return n < 0 ? [invalid(path, n, 'must be greater than or equal to 0')] : [];
}

/** Selector, template and restart rules shared by Deployments and ReplicaSets (ValidatePodTemplateSpecForReplicaSet). */
function validateReplicatedTemplate(spec: Obj): StatusCause[] {
  const causes = validateWorkloadSelector(spec.selector, child('spec', 'selector'), 'empty selector is invalid for deployment');
  const templatePath = child('spec', 'template');
  if (selectorMatches(spec.selector, {}) === undefined) {
    causes.push(invalid(child('spec', 'selector'), spec.selector, 'invalid label selector'));
    return causes;
  }
  causes.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, templatePath));
  causes.push(...validatePodTemplateSpec(spec.template, templatePath));
  causes.push(...validateAlwaysRestarting(spec.template, templatePath, 'ReplicaSet'));
  return causes;
}

/** The strategy as upstream prints it: the internal Go struct, fields in declaration order without JSON names. */
function goStrategy(strategy: Obj): PrintedValue {
  const ru = isObj(strategy.rollingUpdate)
    ? `{"MaxUnavailable":${goJson(strategy.rollingUpdate.maxUnavailable ?? 0)},"MaxSurge":${goJson(strategy.rollingUpdate.maxSurge ?? 0)}}`
    : 'null';
  return new PrintedValue(`{"Type":${goJson(str(strategy.type))},"RollingUpdate":${ru}}`);
}

function validateStrategy(value: unknown, path: string): StatusCause[] {
  const strategy = obj(value);
  const type = str(strategy.type);
  if (type === 'Recreate') {
    return isObj(strategy.rollingUpdate) ? [forbidden(child(path, 'rollingUpdate'), 'may not be specified when strategy `type` is \'Recreate\'')] : [];
  }
  if (type !== 'RollingUpdate') return [notSupported(path, goStrategy(strategy), ['Recreate', 'RollingUpdate'])];
  if (!isObj(strategy.rollingUpdate)) return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
  const ru = strategy.rollingUpdate;
  const p = child(path, 'rollingUpdate');
  const causes = validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable'));
  causes.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')));
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    causes.push(invalid(child(p, 'maxUnavailable'), ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
  return causes;
}

export function validateDeploymentSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const causes = validateNonNegative(spec.replicas, child('spec', 'replicas'));
  causes.push(...validateReplicatedTemplate(spec));
  causes.push(...validateStrategy(spec.strategy, child('spec', 'strategy')));
  causes.push(...validateNonNegative(spec.minReadySeconds, child('spec', 'minReadySeconds')));
  causes.push(...validateNonNegative(spec.revisionHistoryLimit, child('spec', 'revisionHistoryLimit')));
  const deadline = optNum(spec.progressDeadlineSeconds);
  if (deadline !== undefined) {
    causes.push(...validateNonNegative(deadline, child('spec', 'progressDeadlineSeconds')));
    if (deadline <= num(spec.minReadySeconds)) causes.push(invalid(child('spec', 'progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'));
  }
  return causes;
}

export function validateReplicaSetSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const causes = validateNonNegative(spec.replicas, child('spec', 'replicas'));
  causes.push(...validateNonNegative(spec.minReadySeconds, child('spec', 'minReadySeconds')));
  causes.push(...validateReplicatedTemplate(spec));
  return causes;
}

/** apps/v1 selectors cannot change once set. */
export function validateSelectorUnchanged(spec: unknown, oldSpec: unknown): StatusCause[] {
  const selector = obj(spec).selector;
  return semanticEqual(selector, obj(oldSpec).selector) ? [] : [invalid(child('spec', 'selector'), selector ?? null, 'field is immutable')];
}
