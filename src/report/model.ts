// The result model of a kdrill run: the one document every renderer reads
// (JUnit XML, report.json, report.html, summary.md, comparisons). Versioned;
// report.schema.json beside this file describes it and the tests validate
// report.json against it. Times are ISO 8601 strings, durations milliseconds.

export const reportSchemaVersion = 'kdrill.dev/report/v1';

export type ScenarioStatus = 'pass' | 'fail' | 'skip' | 'timeout' | 'error';

export interface RunReport {
  schemaVersion: typeof reportSchemaVersion;
  kdrillVersion: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The command line that made the run, for reproducing it. */
  command: string[];
  cluster: ClusterInfo;
  suites: SuiteResult[];
  /** Counts over every scenario. */
  totals: Record<ScenarioStatus, number> & { total: number };
}

export interface ClusterInfo {
  /** reference | kubeconfig | kind | k3s */
  provider: string;
  name: string;
  /** gitVersion from /version, e.g. v1.34.0. */
  kubernetesVersion: string;
  nodes: NodeInfo[];
}

export interface NodeInfo {
  name: string;
  roles: string[];
  /** From status.capacity: cpu, memory, pods. */
  capacity: Record<string, string>;
  kubeletVersion: string;
  ready: boolean;
}

export interface SuiteResult {
  name: string;
  scenarios: ScenarioResult[];
  durationMs: number;
}

export interface ScenarioResult {
  /** Unique within its suite. */
  name: string;
  suite: string;
  /** What the scenario checks, in one sentence. */
  description: string;
  /** The Kubernetes behaviour or conformance test it corresponds to, by name. */
  conformance: string;
  tags: string[];
  disruptive: boolean;
  status: ScenarioStatus;
  /** Why it was skipped, or what the error/timeout was. */
  reason?: string;
  namespace?: string;
  startedAt: string;
  durationMs: number;
  steps: StepRecord[];
  assertions: AssertionRecord[];
  /** Gathered on failure, before cleanup. */
  evidence?: Evidence;
  /** Named figures a scenario measured (e.g. eviction seconds). */
  measurements?: Record<string, number>;
}

export interface StepRecord {
  at: string;
  /** Offset from the scenario's start. */
  offsetMs: number;
  message: string;
  durationMs?: number;
}

export interface AssertionRecord {
  at: string;
  passed: boolean;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export interface Evidence {
  events: { object: string; type: string; reason: string; message: string; count: number; lastTimestamp?: string }[];
  podLogs: { pod: string; container: string; log: string }[];
  /** `kubectl describe`-like summaries of the scenario's pods. */
  pods: { name: string; phase?: string; node?: string; conditions: string[] }[];
}
