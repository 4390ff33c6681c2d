// v1 ResourceQuotas (ValidateResourceQuota): hard limits that are
// non-negative quantities (whole numbers for object counts), known scopes
// that do not contradict each other, and a scope selector with valid
// operators.
import { child, index, key } from './field-path.ts';
import { arr, obj, objs, str, type Obj } from './object-access.ts';
import { parseQuantity } from './quantity.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const operators = ['DoesNotExist', 'Exists', 'In', 'NotIn'];
const computeNames = ['cpu', 'memory', 'ephemeral-storage', 'storage'];

/** Resources counted in whole units (upstream IsIntegerResourceName). */
function isIntegerResource(name: string): boolean {
  const base = name.replace(/^(requests|limits)\./, '');
  return !computeNames.includes(base) && !base.startsWith('hugepages-') && !name.endsWith('/requests.storage');
}

function validateQuantities(list: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [name, value] of Object.entries(obj(list))) {
    const q = parseQuantity(value);
    if (!q) continue;
    const at = key(path, name);
    if (q.nanos < 0n) causes.push(invalid(at, value, 'must be greater than or equal to 0'));
    else if (isIntegerResource(name) && q.nanos % 1_000_000_000n !== 0n) causes.push(invalid(at, value, 'must be an integer'));
  }
  return causes;
}

export function validateResourceQuota(quota: Obj): StatusCause[] {
  const spec = obj(quota.spec);
  const causes = validateQuantities(spec.hard, child('spec', 'hard'));
  const named = arr(spec.scopes).map(str);
  named.forEach((s, i) => {
    if (!scopes.includes(s)) causes.push(notSupported(index(child('spec', 'scopes'), i), s, scopes));
  });
  const selected = objs(obj(spec.scopeSelector).matchExpressions);
  const all = [...named, ...selected.map((e) => str(e.scopeName))];
  if ((all.includes('Terminating') && all.includes('NotTerminating')) || (all.includes('BestEffort') && all.includes('NotBestEffort'))) {
    causes.push(invalid(child('spec', 'scopes'), named, 'conflicting scopes'));
  }
  selected.forEach((e, i) => {
    const path = index(child('spec', 'scopeSelector', 'matchExpressions'), i);
    if (!scopes.includes(str(e.scopeName))) causes.push(notSupported(child(path, 'scopeName'), str(e.scopeName), scopes));
    const op = str(e.operator);
    if (!operators.includes(op)) causes.push(notSupported(child(path, 'operator'), op, operators));
    const values = arr(e.values);
    if ((op === 'In' || op === 'NotIn') && !values.length) causes.push(required(child(path, 'values'), 'must be at least one value when `operator` is \'In\' or \'NotIn\' for scope selector'));
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length) causes.push(invalid(child(path, 'values'), values, 'must be no value when `operator` is \'Exist\' or \'DoesNotExist\' for scope selector'));
  });
  return causes;
}
