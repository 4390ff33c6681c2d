// One term of a label selector: a key, an operator and values, built and
// matched as upstream's labels.Requirement.

import { SelectorError } from './selector-error.ts';
import { aggregate, invalidValue } from './field-errors.ts';
import { labelKeyErrors, labelValueErrors } from './label-validation.ts';

/** Operators with upstream's spelling (k8s.io/apimachinery/pkg/selection). */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

/** Upstream's message for an invalid key, reported under `path`; undefined when the key is valid. */
export function labelKeyError(key: string, path: string): string | undefined {
  const errors = labelKeyErrors(key);
  return errors.length === 0 ? undefined : invalidValue(path, key, errors.join('; '));
}

/** Go's strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, within int64. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

/**
 * Checks a requirement as NewRequirement does and returns it, or throws a
 * SelectorError with every problem found.
 */
export function newLabelRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errors: string[] = [];
  const keyError = labelKeyError(key, 'key');
  if (keyError) errors.push(keyError);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalidValue('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalidValue('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalidValue('values', values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalidValue('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, i) => {
        if (parseInt64(value) === undefined) {
          errors.push(invalidValue(`values[${i}]`, value, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  values.forEach((value, i) => {
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) errors.push(invalidValue(`values[${i}][${key}]`, value, valueErrors.join('; ')));
  });
  if (errors.length > 0) throw new SelectorError(aggregate(errors));
  return { key, operator, values };
}

export function requirementMatches(requirement: LabelRequirement, labels: Labels): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return present && requirement.values.includes(value!);
    case 'notin':
    case '!=':
      return !present || !requirement.values.includes(value!);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt': {
      if (!present || requirement.values.length !== 1) return false;
      const actual = parseInt64(value!);
      const bound = parseInt64(requirement.values[0]!);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const operatorText: Record<LabelOperator, string> = {
  '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '',
};

/** The requirement in selector syntax, values sorted, as Requirement.String(). */
export function requirementToString(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  if (operator === 'exists') return key;
  if (operator === '!') return `!${key}`;
  const shown = values.length === 1 ? values[0]! : [...values].sort().join(',');
  const set = operator === 'in' || operator === 'notin';
  return `${key}${operatorText[operator]}${set ? `(${shown})` : shown}`;
}
