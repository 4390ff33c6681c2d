// The filter a list or watch applies: its label selector and field selector,
// parsed once per request. Bad selectors are a 400, as upstream answers them.
import type { ObjectFilter } from './list.ts';
import type { ResourceType } from './resources.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors/index.ts';
import { badRequest } from './status.ts';

export interface ObjectFilters {
  build(t: ResourceType, labelSelector: string, fieldSelector: string): ObjectFilter;
}

export const selectorFilters: ObjectFilters = {
  build(t, labelSelector, fieldSelector) {
    try {
      const labels = parseLabelSelector(labelSelector);
      const fields = parseFieldSelector(fieldSelector, t.plural, t.group);
      if (labels.matchesEverything() && fields.matchesEverything()) return () => true;
      return (obj) => labels.matches(obj.metadata?.labels) && fields.matches(obj);
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.message);
      throw err;
    }
  },
};
