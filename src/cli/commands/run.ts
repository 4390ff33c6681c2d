// kdrill run: makes or adopts a cluster, runs the selected scenarios against
// it, writes the reports, and unwinds the cluster whatever happened. Progress
// and the summary go to stderr; the report directory's path to stdout.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';
import { createProgress, type ProgressOutput } from '../progress.ts';
import { ClusterFileError } from '../../clusters/cluster-file-error.ts';
import type { ClusterHandle, ClusterProvider } from '../../clusters/cluster-provider.ts';
import { ClusterUnreachableError } from '../../clusters/cluster-unreachable-error.ts';
import { kubeconfigProvider } from '../../clusters/kubeconfig-provider.ts';
import { loadClusterFile } from '../../clusters/load-cluster-file.ts';
import { providerForCluster } from '../../clusters/provider-for-cluster.ts';
import { createApiClient } from '../../kube/https-api-client.ts';
import { formatDuration } from '../../report/format.ts';
import { reportSchemaVersion, type ClusterInfo, type RunReport, type ScenarioStatus, type SuiteResult } from '../../report/model.ts';
import { writeReports } from '../../report/write-reports.ts';
import { loadSuites, type LoadedSuite } from '../../runner/load-suites.ts';
import { runScenarios } from '../../runner/run-scenarios.ts';
import { selectScenarios } from '../../runner/select-scenarios.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const defaultSuitesDir = resolve(repoRoot, 'suites');
export const defaultClusterFile = resolve(repoRoot, 'clusters', 'reference-simulated.yaml');

/** What kdrill run builds on; tests replace parts of it. */
export interface RunHarness {
  suitesDir: string;
  loadSuites: typeof loadSuites;
  selectScenarios: typeof selectScenarios;
  runScenarios: typeof runScenarios;
  writeReports: typeof writeReports;
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
  env: NodeJS.ProcessEnv;
  /** The command line recorded in the report. */
  argv: string[];
}

export const defaultRunHarness: RunHarness = {
  suitesDir: defaultSuitesDir,
  loadSuites,
  selectScenarios,
  runScenarios,
  writeReports,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  argv: process.argv.slice(2),
};

function kdrillVersion(): string {
  return (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function regexFlag(name: string, value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch (err) {
    throw new UsageError(`--${name}: "${value}" is not a regular expression (${(err as Error).message})`);
  }
}

/** e.g. 20261126T033500Z: sorts by time, safe in a path. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function countStatuses(suites: SuiteResult[]): RunReport['totals'] {
  const totals = { pass: 0, fail: 0, skip: 0, timeout: 0, error: 0, total: 0 };
  for (const suite of suites) {
    for (const s of suite.scenarios) {
      totals[s.status]++;
      totals.total++;
    }
  }
  return totals;
}

const failing: ScenarioStatus[] = ['fail', 'timeout', 'error'];

function summary(report: RunReport): string {
  const t = report.totals;
  const lines = [
    `${t.total} scenario${t.total === 1 ? '' : 's'} in ${formatDuration(report.durationMs)}: ${t.pass} passed, ${t.fail} failed, ${t.skip} skipped, ${t.timeout} timed out, ${t.error} errors`,
  ];
  for (const suite of report.suites) {
    for (const s of suite.scenarios) {
      if (failing.includes(s.status)) lines.push(`  ${s.status.toUpperCase()} ${suite.name}/${s.name}${s.reason ? `: ${s.reason.split('\n')[0]}` : ''}`);
    }
  }
  return lines.join('\n');
}

export function createRunCommand(harness: RunHarness = defaultRunHarness): Command {
  return {
    name: 'run',
    summary: 'Run scenario suites against a cluster and write the reports',
    usage: 'kdrill run [--cluster FILE | --kubeconfig PATH [--context NAME]] [--suites LIST] [--focus RE] [--skip RE] [--tags LIST] [--parallel N] [--report-dir DIR]',
    flags: {
      cluster: { type: 'string', placeholder: 'FILE', description: 'Cluster file (clusters/*.yaml); default: the built-in reference control plane with 3 simulated workers' },
      kubeconfig: { type: 'string', placeholder: 'PATH', description: 'Run against the existing cluster of this kubeconfig' },
      context: { type: 'string', placeholder: 'NAME', description: 'Context in --kubeconfig (default: its current context)' },
      suites: { type: 'list', placeholder: 'LIST', description: 'Suites to run, comma-separated (default: all under suites/)' },
      focus: { type: 'string', placeholder: 'RE', description: 'Run only scenarios whose suite/name matches' },
      skip: { type: 'string', placeholder: 'RE', description: 'Leave out scenarios whose suite/name matches' },
      tags: { type: 'list', placeholder: 'LIST', description: 'Run only scenarios with one of these tags' },
      parallel: { type: 'number', placeholder: 'N', description: 'Scenarios at once (disruptive ones always run alone)', default: 4 },
      'report-dir': { type: 'string', placeholder: 'DIR', description: 'Where the reports go (default reports/<timestamp>-<run id>/)' },
    },
    async run({ flags, positionals }) {
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const clusterPath = flags.cluster as string | undefined;
      const kubeconfigPath = flags.kubeconfig as string | undefined;
      const context = flags.context as string | undefined;
      if (clusterPath !== undefined && kubeconfigPath !== undefined) throw new UsageError('give --cluster or --kubeconfig, not both');
      if (context !== undefined && kubeconfigPath === undefined) throw new UsageError('--context needs --kubeconfig (a cluster file names its context in spec.kubeconfig.context)');
      const parallel = flags.parallel as number;
      if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a whole number of at least 1, not ${parallel}`);
      const filter = {
        focus: regexFlag('focus', flags.focus as string | undefined),
        skip: regexFlag('skip', flags.skip as string | undefined),
        tags: (flags.tags as string[] | undefined) ?? [],
      };
      const log = (m: string) => harness.stderr.write(`${m}\n`);

      let suites: LoadedSuite[];
      try {
        suites = harness.selectScenarios(await harness.loadSuites(harness.suitesDir, flags.suites as string[] | undefined), filter);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const total = suites.reduce((n, s) => n + s.scenarios.length, 0);
      if (total === 0) throw new UsageError('no scenario matches --suites/--focus/--skip/--tags (see kdrill list)');

      let provider: ClusterProvider;
      let handle: ClusterHandle | undefined;
      try {
        if (kubeconfigPath !== undefined) {
          provider = kubeconfigProvider(context === undefined ? { path: resolve(kubeconfigPath) } : { path: resolve(kubeconfigPath), context });
        } else {
          provider = providerForCluster(await loadClusterFile(clusterPath ?? defaultClusterFile));
        }
        log(`creating cluster (provider ${provider.name})`);
        handle = await provider.create();
      } catch (err) {
        if (err instanceof ClusterFileError || err instanceof ClusterUnreachableError) {
          log(`kdrill run: ${err.message}`);
          return exitCodes.usage;
        }
        throw err;
      }

      const cluster = handle;
      const onSigint = () => {
        log('interrupted: removing the cluster');
        void cluster.delete().finally(() => process.exit(130));
      };
      process.once('SIGINT', onSigint);
      try {
        const info: ClusterInfo = await cluster.info();
        log(`cluster ${info.name}: Kubernetes ${info.kubernetesVersion || 'unknown'}, ${info.nodes.length} node(s)`);
        const runId = randomBytes(4).toString('hex');
        log(`run ${runId}: ${total} scenario${total === 1 ? '' : 's'} from ${suites.length} suite${suites.length === 1 ? '' : 's'}, up to ${parallel} at once`);
        const started = new Date();
        const progress = createProgress({ total, output: harness.stderr, env: harness.env });
        const client = await createApiClient(cluster.kubeconfigPath);
        let results: SuiteResult[];
        try {
          results = await harness.runScenarios({
            client,
            suites,
            runId,
            parallel,
            onEvent: (event) => {
              if (event.type === 'scenario-finished') progress.scenarioFinished(event.result);
            },
          });
        } finally {
          progress.finish();
          client.close();
        }
        const finished = new Date();
        const report: RunReport = {
          schemaVersion: reportSchemaVersion,
          kdrillVersion: kdrillVersion(),
          runId,
          startedAt: started.toISOString(),
          finishedAt: finished.toISOString(),
          durationMs: finished.getTime() - started.getTime(),
          command: ['kdrill', ...harness.argv],
          cluster: info,
          suites: results,
          totals: countStatuses(results),
        };
        const reportDir = resolve((flags['report-dir'] as string | undefined) ?? `reports/${timestamp(started)}-${runId}`);
        await harness.writeReports(report, reportDir);
        log(summary(report));
        log(`reports: ${reportDir}`);
        harness.stdout.write(`${reportDir}\n`);
        return failing.some((s) => report.totals[s] > 0) ? exitCodes.failed : exitCodes.ok;
      } finally {
        process.off('SIGINT', onSigint);
        await cluster.delete();
      }
    },
  };
}

export const runCommand = createRunCommand();
