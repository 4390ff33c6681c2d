// metav1.LabelSelector objects (matchLabels + matchExpressions), turned into
// the same matcher as the string syntax, as upstream's LabelSelectorAsSelector.

import { SelectorError } from './selector-error.ts';
import { newLabelRequirement, type LabelOperator, type LabelRequirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';

export interface LabelSelectorRequirementObject {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementObject[] | null;
}

const expressionOperators: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * A missing selector (null or undefined) matches nothing; an empty one ({})
 * matches everything. Throws SelectorError for an unknown operator or an
 * invalid key or value, with upstream's message.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) return LabelSelector.nothing();
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const matchExpressions = selector.matchExpressions ?? [];
  if (matchLabels.length + matchExpressions.length === 0) return LabelSelector.everything();
  const requirements: LabelRequirement[] = matchLabels.map(([key, value]) => newLabelRequirement(key, '=', [value]));
  for (const expression of matchExpressions) {
    const operator = Object.hasOwn(expressionOperators, expression.operator) ? expressionOperators[expression.operator] : undefined;
    if (!operator) throw new SelectorError(`${JSON.stringify(expression.operator)} is not a valid label selector operator`);
    requirements.push(newLabelRequirement(expression.key, operator, expression.values ?? []));
  }
  return new LabelSelector(requirements);
}
