// Label and field selectors for list and watch requests, and for the label
// selectors inside objects (Deployments, Services, PodDisruptionBudgets, ...).

export { SelectorError } from './selector-error.ts';
export type { LabelOperator, LabelRequirement, Labels } from './label-requirement.ts';
export { LabelSelector } from './label-selector.ts';
export { parseLabelSelector } from './parse-label-selector.ts';
export { labelSelectorFromObject, type LabelSelectorObject, type LabelSelectorRequirementObject } from './label-selector-object.ts';
export { FieldSelector, parseFieldSelector, type FieldRequirement } from './field-selector.ts';
