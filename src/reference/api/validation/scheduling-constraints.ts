// What a pod says about where it may run: tolerations, node and pod
// (anti-)affinity, topology spread constraints. Node selector terms are shared
// with PersistentVolume node affinity.
import { child, index } from './field-path.ts';
import { isValidLabelValue } from './formats.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateLabelName } from './labels.ts';
import { dnsLabelName, dnsSubdomainName } from './names.ts';
import { arr, isObj, num, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { duplicate, forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, path: string): StatusCause[] {
  if (!allowEmpty && !effect) return [required(path)];
  return taintEffects.includes(effect) ? [] : [notSupported(path, effect, taintEffects)];
}

export function validateTolerations(tolerations: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(tolerations).forEach((t, i) => {
    const p = index(path, i);
    const k = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (k) causes.push(...validateLabelName(k, child(p, 'key')));
    if (!k && operator !== 'Exists') {
      causes.push(invalid(child(p, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (optNum(t.tolerationSeconds) !== undefined && effect !== 'NoExecute') {
      causes.push(invalid(child(p, 'effect'), effect, 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    }
    if (operator === 'Equal' || operator === '') {
      const errs = isValidLabelValue(value);
      if (errs.length) causes.push(invalid(child(p, 'operator'), value, errs.join(';')));
    } else if (operator === 'Exists') {
      if (value) causes.push(invalid(child(p, 'operator'), value, 'value must be empty when `operator` is \'Exists\''));
    } else {
      causes.push(notSupported(child(p, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect) causes.push(...validateTaintEffect(effect, true, child(p, 'effect')));
  });
  return causes;
}

function validateNodeSelectorRequirement(req: Obj, path: string, checkValues: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const operator = str(req.operator);
  const values = arr(req.values).map(str);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) causes.push(required(child(path, 'values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) causes.push(forbidden(child(path, 'values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) causes.push(required(child(path, 'values'), 'must be specified single value when `operator` is \'Lt\' or \'Gt\''));
  } else {
    causes.push(invalid(child(path, 'operator'), operator, 'not a valid selector operator'));
  }
  causes.push(...validateLabelName(str(req.key), child(path, 'key')));
  if (checkValues) {
    values.forEach((v, i) => causes.push(...isValidLabelValue(v).map((msg) => invalid(index(child(path, 'values'), i), v, msg))));
  }
  return causes;
}

function validateNodeFieldSelectorRequirement(req: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const operator = str(req.operator);
  const values = arr(req.values).map(str);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) causes.push(required(child(path, 'values'), 'must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector'));
  } else {
    causes.push(invalid(child(path, 'operator'), operator, 'not a valid selector operator'));
  }
  const k = str(req.key);
  if (k !== 'metadata.name') causes.push(invalid(child(path, 'key'), k, 'not a valid field selector key'));
  else values.forEach((v, i) => causes.push(...dnsSubdomainName(v, false).map((msg) => invalid(index(child(path, 'values'), i), v, msg))));
  return causes;
}

function validateNodeSelectorTerm(term: Obj, path: string, checkValues: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(term.matchExpressions).forEach((req, i) => causes.push(...validateNodeSelectorRequirement(req, index(child(path, 'matchExpressions'), i), checkValues)));
  objs(term.matchFields).forEach((req, i) => causes.push(...validateNodeFieldSelectorRequirement(req, index(child(path, 'matchFields'), i))));
  return causes;
}

export function validateNodeSelector(selector: Obj, path: string): StatusCause[] {
  const termsPath = child(path, 'nodeSelectorTerms');
  const terms = objs(selector.nodeSelectorTerms);
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((term, i) => validateNodeSelectorTerm(term, index(termsPath, i), true));
}

function validateWeight(weight: unknown, path: string): StatusCause[] {
  const w = num(weight);
  return w <= 0 || w > 100 ? [invalid(path, w, 'must be in the range 1-100')] : [];
}

function validatePodAffinityTerm(term: Obj, path: string): StatusCause[] {
  const causes = validateLabelSelector(term.labelSelector, child(path, 'labelSelector'));
  causes.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  for (const ns of arr(term.namespaces).map(str)) causes.push(...dnsLabelName(ns, false).map((msg) => invalid(child(path, 'namespace'), ns, msg)));
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) causes.push(required(child(path, 'topologyKey'), 'can not be empty'));
  causes.push(...validateLabelName(topologyKey, child(path, 'topologyKey')));
  return causes;
}

function validatePodAffinity(affinity: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const requiredPath = child(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  objs(affinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => causes.push(...validatePodAffinityTerm(term, index(requiredPath, i))));
  const preferredPath = child(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  objs(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, i) => {
    causes.push(...validateWeight(weighted.weight, child(index(preferredPath, i), 'weight')));
    causes.push(...validatePodAffinityTerm(obj(weighted.podAffinityTerm), child(index(preferredPath, i), 'podAffinityTerm')));
  });
  return causes;
}

export function validateAffinity(affinity: unknown, path: string): StatusCause[] {
  if (!isObj(affinity)) return [];
  const causes: StatusCause[] = [];
  if (isObj(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const p = child(path, 'nodeAffinity');
    if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      causes.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, child(p, 'requiredDuringSchedulingIgnoredDuringExecution')));
    }
    const preferredPath = child(p, 'preferredDuringSchedulingIgnoredDuringExecution');
    objs(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      causes.push(...validateWeight(term.weight, child(index(preferredPath, i), 'weight')));
      causes.push(...validateNodeSelectorTerm(obj(term.preference), child(index(preferredPath, i), 'preference'), false));
    });
  }
  if (isObj(affinity.podAffinity)) causes.push(...validatePodAffinity(affinity.podAffinity, child(path, 'podAffinity')));
  if (isObj(affinity.podAntiAffinity)) causes.push(...validatePodAffinity(affinity.podAntiAffinity, child(path, 'podAntiAffinity')));
  return causes;
}

export function validateTopologySpreadConstraints(constraints: unknown, path: string): StatusCause[] {
  const list = objs(constraints);
  const causes: StatusCause[] = [];
  list.forEach((c, i) => {
    const p = index(path, i);
    const maxSkew = num(c.maxSkew);
    if (maxSkew <= 0) causes.push(invalid(child(p, 'maxSkew'), maxSkew, 'must be greater than zero'));
    const topologyKey = str(c.topologyKey);
    if (!topologyKey) causes.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const when = str(c.whenUnsatisfiable);
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') causes.push(notSupported(child(p, 'whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    if (list.slice(i + 1).some((other) => str(other.topologyKey) === topologyKey && str(other.whenUnsatisfiable) === when)) {
      causes.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${when}}`));
    }
    const minDomains = optNum(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) causes.push(invalid(child(p, 'minDomains'), minDomains, 'must be greater than zero'));
      if (when !== 'DoNotSchedule') causes.push(invalid(child(p, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const v = c[policy];
      if (typeof v === 'string' && v !== 'Honor' && v !== 'Ignore') causes.push(notSupported(child(p, policy), v, ['Honor', 'Ignore']));
    }
    causes.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return causes;
}
