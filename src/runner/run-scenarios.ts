// Runs selected scenarios against a cluster: each in its own namespace, up
// to `parallel` at once (disruptive ones alone), with a deadline, evidence
// gathered on failure and everything the scenario made removed afterwards.
import { ApiRequestError, type ApiClient } from '../kube/api-client.ts';
import type { ScenarioResult, ScenarioStatus, SuiteResult } from '../report/model.ts';
import { gatherEvidence } from './gather-evidence.ts';
import type { LoadedSuite } from './load-suites.ts';
import { ResourcePaths } from './resource-paths.ts';
import type { Scenario } from './scenario.ts';
import { buildScenarioContext } from './scenario-context.ts';
import { createScenarioNamespace, deleteScenarioNamespace, scenarioNamespaceName } from './scenario-namespace.ts';
import { ExpectationFailure, ScenarioSkipped } from './scenario-outcomes.ts';
import { ScenarioRecord } from './scenario-record.ts';

export type RunnerEvent =
  | { type: 'scenario-started'; suite: string; scenario: string; namespace: string; disruptive: boolean }
  | { type: 'scenario-finished'; result: ScenarioResult };

export interface RunScenariosOptions {
  client: ApiClient;
  suites: LoadedSuite[];
  runId: string;
  /** How many non-disruptive scenarios may run at once (at least 1). */
  parallel: number;
  onEvent(event: RunnerEvent): void;
  /** Limit on deferred undos plus namespace removal, per scenario (default 120 s). */
  cleanupTimeoutMs?: number;
}

interface Outcome {
  status: ScenarioStatus;
  reason?: string;
}

interface Job {
  suite: string;
  scenario: Scenario;
  namespace: string;
}

function describe(err: unknown): string {
  if (err instanceof ApiRequestError) return `${err.code} ${err.reason}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

function outcomeOf(err: unknown, timedOut: boolean, timeoutMs: number): Outcome {
  if (err instanceof ScenarioSkipped) return { status: 'skip', reason: err.message };
  if (timedOut) return { status: 'timeout', reason: `timed out after ${timeoutMs} ms${err instanceof Error ? `: ${err.message}` : ''}` };
  if (err instanceof ExpectationFailure) return { status: 'fail', reason: err.message };
  return { status: 'error', reason: describe(err) };
}

/** Runs the scenario until it settles or its deadline passes, whichever is first. */
async function runWithDeadline(scenario: Scenario, run: (signal: AbortSignal) => Promise<void>): Promise<{ error?: unknown; timedOut: boolean }> {
  const controller = new AbortController();
  const expired = new Promise<'expired'>((resolve) => controller.signal.addEventListener('abort', () => resolve('expired'), { once: true }));
  const timer = setTimeout(() => controller.abort(), scenario.timeoutMs);
  const settled: Promise<{ error?: unknown }> = run(controller.signal).then(() => ({}), (error: unknown) => ({ error }));
  try {
    const first = await Promise.race([settled, expired]);
    if (first !== 'expired') return { ...first, timedOut: false };
    // Waits reject as the signal aborts; one turn of the event loop lets the scenario say what it was waiting for.
    const late = await Promise.race([settled, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    return { error: late?.error, timedOut: true };
  } finally {
    clearTimeout(timer);
  }
}

async function cleanUp(client: ApiClient, namespace: string, undos: (() => Promise<void>)[], timeoutMs: number): Promise<string[]> {
  const problems: string[] = [];
  for (const undo of [...undos].reverse()) {
    try {
      await undo();
    } catch (err) {
      problems.push(`undo failed: ${describe(err)}`);
    }
  }
  try {
    await deleteScenarioNamespace(client, namespace, AbortSignal.timeout(timeoutMs));
  } catch (err) {
    problems.push(`namespace ${namespace} not removed: ${describe(err)}`);
  }
  return problems;
}

async function runScenario(o: RunScenariosOptions, paths: ResourcePaths, job: Job): Promise<ScenarioResult> {
  const { client } = o;
  const { scenario, namespace } = job;
  const record = new ScenarioRecord();
  const undos: (() => Promise<void>)[] = [];
  let outcome: Outcome;
  let namespaceMade = false;
  let evidence: ScenarioResult['evidence'];
  try {
    await createScenarioNamespace(client, namespace, o.runId, scenario.name);
    namespaceMade = true;
    const { error, timedOut } = await runWithDeadline(scenario, (signal) =>
      scenario.run(buildScenarioContext({ client, namespace, runId: o.runId, signal, paths, record, undos })));
    outcome = error === undefined && !timedOut ? { status: 'pass' } : outcomeOf(error, timedOut, scenario.timeoutMs);
  } catch (err) {
    outcome = { status: 'error', reason: `namespace ${namespace} could not be created: ${describe(err)}` };
  }
  const failed = record.failedAssertions;
  if (outcome.status === 'pass' && failed.length > 0) outcome = { status: 'fail', reason: failed.map((a) => a.message).join('; ') };
  if (namespaceMade && (outcome.status === 'fail' || outcome.status === 'timeout' || outcome.status === 'error')) {
    evidence = await gatherEvidence(client, namespace);
  }
  if (namespaceMade) {
    const problems = await cleanUp(client, namespace, undos, o.cleanupTimeoutMs ?? 120_000);
    if (problems.length > 0) {
      const said = `cleanup: ${problems.join('; ')}`;
      outcome = outcome.status === 'pass' ? { status: 'error', reason: said } : { ...outcome, reason: `${outcome.reason ?? ''} (${said})` };
    }
  }
  return {
    name: scenario.name,
    suite: job.suite,
    description: scenario.description,
    conformance: scenario.conformance,
    tags: scenario.tags,
    disruptive: scenario.disruptive,
    status: outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    namespace,
    startedAt: record.startedAt.toISOString(),
    durationMs: Date.now() - record.startedAt.getTime(),
    steps: record.steps,
    assertions: record.assertions,
    ...(evidence === undefined ? {} : { evidence }),
    ...(Object.keys(record.measurements).length > 0 ? { measurements: record.measurements } : {}),
  };
}

function jobsOf(suites: LoadedSuite[], runId: string): Job[] {
  const taken = new Set<string>();
  return suites.flatMap((suite) => suite.scenarios.map((scenario) => {
    let namespace = scenarioNamespaceName(runId, scenario.name);
    // Scenario names are unique within a suite only.
    for (let n = 2; taken.has(namespace); n++) namespace = scenarioNamespaceName(runId, `${scenario.name}-${n}`);
    taken.add(namespace);
    return { suite: suite.name, scenario, namespace };
  }));
}

/** Results per suite, scenarios in the order the suites declare them. */
export async function runScenarios(o: RunScenariosOptions): Promise<SuiteResult[]> {
  const paths = await ResourcePaths.discover(o.client);
  const jobs = jobsOf(o.suites, o.runId);
  const results = new Map<Job, ScenarioResult>();
  const running = new Set<Promise<void>>();
  const parallel = Math.max(1, Math.floor(o.parallel));
  const start = (job: Job): Promise<void> => {
    o.onEvent({ type: 'scenario-started', suite: job.suite, scenario: job.scenario.name, namespace: job.namespace, disruptive: job.scenario.disruptive });
    const done = runScenario(o, paths, job).then((result) => {
      results.set(job, result);
      running.delete(done);
      o.onEvent({ type: 'scenario-finished', result });
    });
    running.add(done);
    return done;
  };
  for (const job of jobs) {
    if (job.scenario.disruptive) {
      await Promise.all(running);
      await start(job);
      continue;
    }
    while (running.size >= parallel) await Promise.race(running);
    void start(job);
  }
  await Promise.all(running);
  return o.suites.map((suite) => {
    const scenarios = jobs.filter((j) => j.suite === suite.name).map((j) => results.get(j)!);
    const starts = scenarios.map((s) => Date.parse(s.startedAt));
    const ends = scenarios.map((s) => Date.parse(s.startedAt) + s.durationMs);
    return { name: suite.name, scenarios, durationMs: scenarios.length === 0 ? 0 : Math.max(...ends) - Math.min(...starts) };
  });
}
