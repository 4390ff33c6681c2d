// metav1.LabelSelector: its validation, and whether it selects a set of labels
// with the meaning LabelSelectorAsSelector gives it (an absent selector
// selects nothing, an empty one everything).
import { child, index } from './field-path.ts';
import { isValidLabelValue } from './formats.ts';
import { validateLabelName, validateLabels } from './labels.ts';
import { arr, isObj, objs, str, strMap } from './object-access.ts';
import { forbidden, invalid, required, type StatusCause } from './status-cause.ts';

export function validateLabelSelector(selector: unknown, path: string): StatusCause[] {
  if (!isObj(selector)) return [];
  const causes = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  objs(selector.matchExpressions).forEach((expr, i) => {
    const exprPath = index(child(path, 'matchExpressions'), i);
    const op = str(expr.operator);
    const values = arr(expr.values).map(str);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) causes.push(required(child(exprPath, 'values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(child(exprPath, 'values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      causes.push(invalid(child(exprPath, 'operator'), op, 'not a valid selector operator'));
    }
    causes.push(...validateLabelName(str(expr.key), child(exprPath, 'key')));
    values.forEach((v, j) => causes.push(...isValidLabelValue(v).map((msg) => invalid(index(child(exprPath, 'values'), j), v, msg))));
  });
  return causes;
}

/** A selector with no requirements at all (which selects everything). */
export function isEmptySelector(selector: unknown): boolean {
  return isObj(selector) && Object.keys(strMap(selector.matchLabels)).length === 0 && arr(selector.matchExpressions).length === 0;
}

/**
 * Whether the selector selects these labels; undefined when the selector
 * cannot be turned into one (upstream then skips the comparison).
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean | undefined {
  if (!isObj(selector)) return false;
  if (validateLabelSelector(selector, '').length) return undefined;
  for (const [k, v] of Object.entries(strMap(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const expr of objs(selector.matchExpressions)) {
    const k = str(expr.key);
    const values = arr(expr.values).map(str);
    const has = Object.hasOwn(labels, k);
    const value = labels[k] ?? '';
    const ok = expr.operator === 'In' ? has && values.includes(value)
      : expr.operator === 'NotIn' ? !has || !values.includes(value)
        : expr.operator === 'Exists' ? has
          : !has;
    if (!ok) return false;
  }
  return true;
}
