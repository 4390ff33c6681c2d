// Starts `kdrill control-plane` as a child process, the way a user runs it,
// and gives tests its kubeconfig. The process and its data dir go away in the
// test's teardown, whatever the outcome.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const mainScript = join(repoRoot, 'src', 'cli', 'main.ts');

export interface ControlPlaneProcess {
  dataDir: string;
  kubeconfig: string;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGINT and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, no clean-up by the process. */
  kill(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  /** Run the scheduler and controllers too (default: the API server alone). */
  controllers?: boolean;
  extraArgs?: string[];
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startControlPlaneProcess(t: Teardown, options: StartOptions = {}): Promise<ControlPlaneProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kdrill-cp-'));
  const child = spawn(process.execPath, [mainScript, 'control-plane', '--data-dir', dataDir, '--port', String(options.port ?? 0), `--controllers=${options.controllers ?? false}`, ...(options.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`control plane exited with ${code} before serving:\n${stderr}`)));
  });
  const url = /server: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  return {
    dataDir,
    kubeconfig,
    url,
    child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
