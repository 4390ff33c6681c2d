// Outcome differences and duration ratios between two runs: the basis for
// "before and after an upgrade" and "cluster under test against the reference".
import type { RunReport, ScenarioResult, ScenarioStatus } from './model.ts';
import { formatDuration } from './format.ts';

export type ChangeKind = 'regression' | 'fixed' | 'new' | 'missing' | 'skip-changed' | 'status-changed';

export interface ScenarioChange {
  kind: ChangeKind;
  /** suite/name */
  id: string;
  before?: ScenarioStatus;
  after?: ScenarioStatus;
}

export interface DurationRatio {
  id: string;
  beforeMs: number;
  afterMs: number;
  /** afterMs / beforeMs; null when the first run took no measurable time. */
  ratio: number | null;
}

export interface Comparison {
  before: { runId: string; cluster: string };
  after: { runId: string; cluster: string };
  /** Regressions first, then fixes, new, missing, skip changes, other status changes. */
  changes: ScenarioChange[];
  durations: DurationRatio[];
  regressions: number;
}

const changeOrder: ChangeKind[] = ['regression', 'fixed', 'new', 'missing', 'skip-changed', 'status-changed'];
const notPassed: ScenarioStatus[] = ['fail', 'timeout', 'error'];

export function compareReports(a: RunReport, b: RunReport): Comparison {
  const before = scenariosById(a);
  const after = scenariosById(b);
  const changes: ScenarioChange[] = [];
  const durations: DurationRatio[] = [];
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) {
      changes.push({ kind: 'missing', id, before: was.status });
      continue;
    }
    const kind = classify(was.status, now.status);
    if (kind) changes.push({ kind, id, before: was.status, after: now.status });
    if (was.status !== 'skip' && now.status !== 'skip') {
      durations.push({ id, beforeMs: was.durationMs, afterMs: now.durationMs, ratio: was.durationMs > 0 ? now.durationMs / was.durationMs : null });
    }
  }
  for (const [id, now] of after) if (!before.has(id)) changes.push({ kind: 'new', id, after: now.status });
  changes.sort((x, y) => changeOrder.indexOf(x.kind) - changeOrder.indexOf(y.kind) || x.id.localeCompare(y.id));
  return {
    before: { runId: a.runId, cluster: describeCluster(a) },
    after: { runId: b.runId, cluster: describeCluster(b) },
    changes,
    durations,
    regressions: changes.filter((c) => c.kind === 'regression').length,
  };
}

function classify(was: ScenarioStatus, now: ScenarioStatus): ChangeKind | undefined {
  if (was === now) return undefined;
  if (was === 'pass' && notPassed.includes(now)) return 'regression';
  if (notPassed.includes(was) && now === 'pass') return 'fixed';
  if (was === 'skip' || now === 'skip') return 'skip-changed';
  return 'status-changed';
}

function scenariosById(report: RunReport): Map<string, ScenarioResult> {
  return new Map(report.suites.flatMap((suite) => suite.scenarios.map((s) => [`${suite.name}/${s.name}`, s] as const)));
}

function describeCluster(report: RunReport): string {
  return `${report.cluster.provider} ${report.cluster.name} ${report.cluster.kubernetesVersion}`;
}

const changeLabels: Record<ChangeKind, string> = {
  regression: 'Regressions (passed before, not now)',
  fixed: 'Fixed (did not pass before, passes now)',
  new: 'New scenarios',
  missing: 'Missing scenarios (in the first run only)',
  'skip-changed': 'Skip changes',
  'status-changed': 'Other status changes',
};

/** Plain text for a terminal or a CI log. */
export function renderComparison(c: Comparison): string {
  const lines = [`Comparing run ${c.before.runId} (${c.before.cluster}) with run ${c.after.runId} (${c.after.cluster})`];
  lines.push(`${c.regressions} regression${c.regressions === 1 ? '' : 's'}, ${c.changes.length} outcome change${c.changes.length === 1 ? '' : 's'}`);
  for (const kind of changeOrder) {
    const ofKind = c.changes.filter((ch) => ch.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push('', `${changeLabels[kind]}:`);
    for (const ch of ofKind) lines.push(`  ${ch.id}: ${ch.before ?? '-'} -> ${ch.after ?? '-'}`);
  }
  if (c.durations.length > 0) {
    lines.push('', 'Durations (after/before):');
    const width = Math.max(...c.durations.map((d) => d.id.length));
    for (const d of c.durations) {
      const ratio = d.ratio === null ? 'n/a' : `${d.ratio.toFixed(2)}x`;
      lines.push(`  ${d.id.padEnd(width)}  ${formatDuration(d.beforeMs).padStart(8)} -> ${formatDuration(d.afterMs).padStart(8)}  ${ratio}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
