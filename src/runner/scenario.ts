// What a suite file declares: scenarios, each a named async function with its
// metadata. A suite is a folder under suites/; every .ts file in it exports
// its scenarios as `export const scenarios: Scenario[]` (or a default array).
import type { ApiClient, PatchType } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';

export interface Scenario {
  name: string;
  /** What it checks, in one sentence. */
  description: string;
  /** The Kubernetes behaviour or conformance test it corresponds to, by name. */
  conformance: string;
  tags: string[];
  /** Deadline for the whole scenario, cleanup excluded. */
  timeoutMs: number;
  /** Changes cluster-wide state (node labels, taints, cordons): runs alone. */
  disruptive: boolean;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioContext {
  /** The scenario's own namespace, created for it and labelled kdrill.dev/run=<run id>. */
  namespace: string;
  runId: string;
  client: ApiClient;
  /** Aborted at the deadline; long waits end with it. */
  signal: AbortSignal;
  /** Record a step (shown in reports with its time). */
  step(message: string): void;
  /** Time a step. */
  timed<T>(message: string, fn: () => Promise<T>): Promise<T>;
  /** Record an assertion; a false one fails the scenario at the end, and expect.* throw to stop it at once. */
  expect: Expect;
  /** End the scenario as skipped (never a pass), e.g. too few nodes. */
  skip(reason: string): never;
  /** Create (or server-side apply) objects given as objects or YAML; namespaced ones land in the scenario's namespace unless they name one. Everything made is deleted at the end. */
  apply(manifests: string | KubeObject | KubeObject[]): Promise<KubeObject[]>;
  /** Register an undo that runs at cleanup, last in first out (putting back node labels and taints). */
  defer(undo: () => Promise<void>): void;
  /** Patch an object by path. */
  patch(path: string, type: PatchType, body: unknown): Promise<KubeObject>;
  /**
   * Wait, through a watch on a collection path (not polling), until predicate
   * holds for the objects; resolves with the matching object(s). Rejects at
   * the scenario's deadline with what was last seen.
   */
  waitFor<T extends KubeObject = KubeObject>(collectionPath: string, predicate: (objects: T[]) => T | T[] | undefined | false, what: string, query?: Record<string, string>): Promise<T | T[]>;
  /** The cluster's nodes, schedulable workers first. */
  nodes(): Promise<KubeObject[]>;
  /** Record a named figure. */
  measure(name: string, value: number): void;
}

export interface Expect {
  equal(actual: unknown, expected: unknown, message: string): void;
  ok(value: unknown, message: string): void;
  match(actual: string, pattern: RegExp, message: string): void;
}

export function defineScenario(s: Scenario): Scenario {
  return s;
}
