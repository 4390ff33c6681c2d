// A parsed label selector: requirements ANDed together, as upstream's
// labels.Selector. Built by parseLabelSelector or labelSelectorFromObject.

import { requirementMatches, requirementToString, type LabelRequirement, type Labels } from './label-requirement.ts';

const noLabels: Labels = {};

export class LabelSelector {
  /** Matches every object: the empty selector ("" or {}). */
  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  /** Matches no object: a missing metav1.LabelSelector. */
  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** Requirements sorted by key, as upstream keeps them. */
  readonly requirements: readonly LabelRequirement[];
  readonly #selectsNothing: boolean;

  constructor(requirements: readonly LabelRequirement[], selectsNothing = false) {
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.#selectsNothing = selectsNothing;
  }

  matches(labels: Labels | undefined): boolean {
    if (this.#selectsNothing) return false;
    const set = labels ?? noLabels;
    return this.requirements.every((r) => requirementMatches(r, set));
  }

  /** True when the selector places no restriction at all (upstream's Empty()). */
  matchesEverything(): boolean {
    return !this.#selectsNothing && this.requirements.length === 0;
  }

  /** The selector in string syntax, e.g. for a scale subresource's status.selector. */
  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}
