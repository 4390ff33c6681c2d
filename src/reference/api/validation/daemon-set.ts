// apps/v1 DaemonSets: the selector must select the template (an absent one
// selects nothing), a rolling update moves by maxUnavailable or by maxSurge.
import { child } from './field-path.ts';
import { validateNonNegative } from './deployment.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { isEmptySelector, validateLabelSelector } from './label-selector.ts';
import { isObj, obj, str, type Obj } from './object-access.ts';
import { validateAlwaysRestarting, validatePodTemplateSpec, validateSelectorMatchesTemplate } from './pod-template.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

function validateUpdateStrategy(value: unknown, path: string): StatusCause[] {
  const strategy = obj(value);
  const type = str(strategy.type);
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [notSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  if (!isObj(strategy.rollingUpdate)) return [required(child(path, 'rollingUpdate'))];
  const ru: Obj = strategy.rollingUpdate;
  const p = child(path, 'rollingUpdate');
  const causes = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')),
    ...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...isNotMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) causes.push(invalid(child(p, 'maxSurge'), ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) causes.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return causes;
}

export function validateDaemonSetSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const selectorPath = child('spec', 'selector');
  const templatePath = child('spec', 'template');
  const causes = validateLabelSelector(spec.selector, selectorPath);
  if (!causes.length) causes.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, templatePath));
  if (isObj(spec.selector) && isEmptySelector(spec.selector)) causes.push(invalid(selectorPath, spec.selector, 'empty selector is invalid for daemonset'));
  causes.push(...validatePodTemplateSpec(spec.template, templatePath));
  causes.push(...validateAlwaysRestarting(spec.template, templatePath, 'DaemonSet'));
  causes.push(...validateNonNegative(spec.minReadySeconds, child('spec', 'minReadySeconds')));
  causes.push(...validateUpdateStrategy(spec.updateStrategy, child('spec', 'updateStrategy')));
  causes.push(...validateNonNegative(spec.revisionHistoryLimit, child('spec', 'revisionHistoryLimit')));
  return causes;
}
