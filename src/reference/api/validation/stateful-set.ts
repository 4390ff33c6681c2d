// apps/v1 StatefulSets. Upstream checks only the template's labels and
// annotations, not its pod spec. An update may change only replicas,
// ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy
// and minReadySeconds.
import { child } from './field-path.ts';
import { validateNonNegative } from './deployment.ts';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.ts';
import { selectorMatches } from './label-selector.ts';
import { validateAnnotations, validateLabels } from './labels.ts';
import { isObj, obj, semanticEqual, str, type Obj } from './object-access.ts';
import { validateAlwaysRestarting, validateSelectorMatchesTemplate, validateWorkloadSelector } from './pod-template.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const mutableSpecFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function validateUpdateStrategy(value: unknown, path: string): StatusCause[] {
  const strategy = obj(value);
  const type = str(strategy.type);
  const ruPath = child(path, 'rollingUpdate');
  if (type === '') return [required(path)];
  if (type === 'OnDelete') return isObj(strategy.rollingUpdate) ? [invalid(ruPath, strategy.rollingUpdate, 'only allowed for updateStrategy \'RollingUpdate\'')] : [];
  if (type !== 'RollingUpdate') return [invalid(path, strategy, 'must be \'RollingUpdate\' or \'OnDelete\'')];
  if (!isObj(strategy.rollingUpdate)) return [];
  const ru: Obj = strategy.rollingUpdate;
  const causes = validateNonNegative(ru.partition, child(ruPath, 'partition'));
  if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
    const p = child(ruPath, 'maxUnavailable');
    causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, p));
    if (intOrPercentValue(ru.maxUnavailable) === 0) causes.push(invalid(p, ru.maxUnavailable, 'cannot be 0'));
    causes.push(...isNotMoreThan100Percent(ru.maxUnavailable, p));
  }
  return causes;
}

function validateRetentionPolicy(value: unknown, path: string): StatusCause[] {
  if (!isObj(value)) return [];
  const causes: StatusCause[] = [];
  for (const field of ['whenDeleted', 'whenScaled']) {
    const policy = str(value[field]);
    if (policy !== 'Retain' && policy !== 'Delete') causes.push(notSupported(child(path, field), policy, ['Retain', 'Delete']));
  }
  return causes;
}

export function validateStatefulSetSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const causes: StatusCause[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) causes.push(required(child('spec', 'podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') causes.push(invalid(child('spec', 'podManagementPolicy'), policy, 'must be \'OrderedReady\' or \'Parallel\''));
  causes.push(...validateUpdateStrategy(spec.updateStrategy, child('spec', 'updateStrategy')));
  causes.push(...validateRetentionPolicy(spec.persistentVolumeClaimRetentionPolicy, child('spec', 'persistentVolumeClaimRetentionPolicy')));
  causes.push(...validateNonNegative(spec.replicas, child('spec', 'replicas')));
  causes.push(...validateNonNegative(spec.minReadySeconds, child('spec', 'minReadySeconds')));
  if (isObj(spec.ordinals)) causes.push(...validateNonNegative(spec.ordinals.start, child('spec', 'ordinals.start')));
  causes.push(...validateWorkloadSelector(spec.selector, child('spec', 'selector'), 'empty selector is invalid for statefulset'));
  const templatePath = child('spec', 'template');
  if (selectorMatches(spec.selector, {}) === undefined) {
    causes.push(invalid(child('spec', 'selector'), spec.selector, ''));
  } else {
    const meta = obj(obj(spec.template).metadata);
    causes.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, templatePath));
    causes.push(...validateLabels(meta.labels, child(templatePath, 'labels')));
    causes.push(...validateAnnotations(meta.annotations, child(templatePath, 'annotations')));
  }
  causes.push(...validateAlwaysRestarting(spec.template, templatePath, 'StatefulSet'));
  return causes;
}

export function validateStatefulSetSpecUpdate(spec: unknown, oldSpec: unknown): StatusCause[] {
  const strip = (s: unknown) => Object.fromEntries(Object.entries(obj(s)).filter(([k]) => !mutableSpecFields.includes(k)));
  if (semanticEqual(strip(spec), strip(oldSpec))) return [];
  const listed = mutableSpecFields.slice(0, -1).map((f) => `'${f}'`).join(', ');
  return [forbidden('spec', `updates to statefulset spec for fields other than ${listed} and 'minReadySeconds' are forbidden`)];
}
