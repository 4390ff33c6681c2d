// Narrows loaded suites to the scenarios a run asks for.
import type { LoadedSuite } from './load-suites.ts';

export interface ScenarioFilter {
  /** Keep scenarios whose "suite/name" matches. */
  focus?: RegExp;
  /** Drop scenarios whose "suite/name" matches. */
  skip?: RegExp;
  /** Keep scenarios carrying at least one of these tags. */
  tags?: string[];
}

/** Suites left with no scenario are dropped. */
export function selectScenarios(suites: LoadedSuite[], filter: ScenarioFilter): LoadedSuite[] {
  const tags = filter.tags ?? [];
  return suites
    .map((suite) => ({
      ...suite,
      scenarios: suite.scenarios.filter((s) => {
        const id = `${suite.name}/${s.name}`;
        if (filter.focus && !filter.focus.test(id)) return false;
        if (filter.skip && filter.skip.test(id)) return false;
        return tags.length === 0 || s.tags.some((tag) => tags.includes(tag));
      }),
    }))
    .filter((suite) => suite.scenarios.length > 0);
}
