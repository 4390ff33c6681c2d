// Runs the real kubectl and helm against a reference control plane, the way a
// user does: KUBECONFIG set, a home and temp dir of their own (kubectl's
// discovery cache, helm's config, `kubectl edit`'s temp files), plain output.
// The control plane, every process started here and every file go away in the
// test's teardown, whatever the outcome.
import { execa, type ResultPromise } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { startControlPlaneProcess, type ControlPlaneProcess, type StartOptions } from './control-plane.ts';
import { helmPath, kubectlPath } from './client-tools.ts';

export interface CliResult {
  /** Undefined when the process ended on a signal. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
}

/** A long-running command (`kubectl get --watch`) whose output is read line by line. */
export interface LineStream {
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (index >= from) that matches; rejects if the process ends first. */
  waitFor(match: (line: string) => boolean, from?: number): Promise<string>;
  /** SIGTERM the process and wait for it. */
  stop(): Promise<CliResult>;
}

export interface KubeCli {
  cp: ControlPlaneProcess;
  /** The test's own directory: manifests, charts, HOME and TMPDIR live here. */
  dir: string;
  env: Record<string, string>;
  kubectl(args: string[], options?: RunOptions): Promise<CliResult>;
  helm(args: string[], options?: RunOptions): Promise<CliResult>;
  /** kubectl started in the background, its stdout read as lines. */
  kubectlLines(args: string[]): LineStream;
  /** Writes a file under dir (creating folders) and returns its path. */
  write(path: string, text: string, mode?: number): string;
}

interface Teardown {
  teardown(fn: () => unknown): void;
  testdir(): string;
}

// A safety net against a hung client, not a measurement: no test asserts on time.
const processLimitMs = 120_000;

function baseEnv(dir: string, kubeconfig: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('KUBE') || k.startsWith('HELM_') || k === 'EDITOR' || k === 'VISUAL') continue;
    env[k] = v;
  }
  const home = join(dir, 'home');
  const tmp = join(dir, 'tmp');
  mkdirSync(home, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  return { ...env, KUBECONFIG: kubeconfig, HOME: home, TMPDIR: tmp, NO_COLOR: '1', TERM: 'dumb' };
}

function toResult(r: { exitCode?: number | undefined; stdout?: unknown; stderr?: unknown }): CliResult {
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export async function startKubeCli(t: Teardown, options: StartOptions = {}): Promise<KubeCli> {
  const dir = t.testdir();
  const cp = await startControlPlaneProcess(t, options);
  const env = baseEnv(dir, cp.kubeconfig);
  const running = new Set<ResultPromise>();
  t.teardown(async () => {
    for (const p of running) p.kill('SIGKILL');
    await Promise.allSettled([...running]);
  });

  function start(file: string, args: string[], options: RunOptions = {}): ResultPromise {
    const p = execa(file, args, {
      env: { ...env, ...options.env },
      extendEnv: false,
      cwd: dir,
      reject: false,
      timeout: processLimitMs,
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    });
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  }

  async function run(file: string, args: string[], options?: RunOptions): Promise<CliResult> {
    return toResult(await start(file, args, options));
  }

  return {
    cp,
    dir,
    env,
    kubectl: (args, options) => run(kubectlPath(), args, options),
    helm: (args, options) => run(helmPath(), args, options),
    kubectlLines(args) {
      const p = start(kubectlPath(), args);
      const lines: string[] = [];
      const waiters = new Set<() => void>();
      let ended = false;
      createInterface({ input: p.stdout! }).on('line', (line) => {
        lines.push(line);
        for (const w of [...waiters]) w();
      });
      // The last lines reach readline just after the process ends; look once more after them.
      void p.finally(() => setImmediate(() => {
        ended = true;
        for (const w of [...waiters]) w();
      }));
      return {
        lines,
        waitFor(match, from = 0) {
          return new Promise<string>((resolve, reject) => {
            const check = () => {
              const found = lines.slice(from).find(match);
              if (found !== undefined) {
                waiters.delete(check);
                resolve(found);
              } else if (ended) {
                waiters.delete(check);
                reject(new Error(`kubectl ${args.join(' ')} ended before the expected line; it printed:\n${lines.join('\n')}`));
              }
            };
            waiters.add(check);
            check();
          });
        },
        async stop() {
          p.kill('SIGTERM');
          return toResult(await p);
        },
      };
    },
    write(path, text, mode) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text, mode === undefined ? undefined : { mode });
      return full;
    },
  };
}

/** The non-empty lines of a command's output, sorted: for output whose order is not the point. */
export function sortedLines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter(Boolean).sort();
}
