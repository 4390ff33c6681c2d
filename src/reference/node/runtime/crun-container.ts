// A container's main process, run in the foreground by crun (`crun run`) as a
// child of the agent: crun stays its parent and ends with its exit code, its
// stdout and stderr are pipes into the CRI log file (and to attached
// clients), stdin is a pipe when the container has one. A TTY container (or
// exec) has a terminal inside the container (see onTerminal), whose output is
// all stdout, and whose size is set through the process's own stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable, finished } from 'node:stream';
import { execa } from 'execa';
import type { ContainerProcess, ExecOptions, ExitInfo, RunningContainer } from '../container-runtime.ts';
import type { ContainerCgroup } from './container-cgroup.ts';
import type { CriLogWriter } from './cri-log-writer.ts';
import { crunCommand, onTerminal, type Command } from './crun-command.ts';
import { exitCodeOf, signalOfExitCode } from './exit-status.ts';
import { waitForPidFile } from './pid-file.ts';
import { StreamFanout } from './stream-fanout.ts';
import { setTerminalSize } from './terminal-size.ts';

const SIGKILL_EXIT_CODE = 137;

export interface CrunContainerInput {
  id: string;
  /** The bundle: config.json and the rootfs mount. */
  directory: string;
  crunRoot: string;
  cgroup: ContainerCgroup;
  log: CriLogWriter;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
}

export class ContainerStartError extends Error {
  constructor(id: string, detail: string) {
    super(`container ${id} did not start: ${detail.trim() || 'crun ended without saying why'}`);
    this.name = 'ContainerStartError';
  }
}

/**
 * On a terminal, stdin is a pipe even when the process gets no input: script
 * would pass the end of an empty stdin on as end-of-file (Ctrl-D) to the process.
 */
function spawnCommand(command: Command, stdin: boolean, tty: boolean): ChildProcess {
  return spawn(command.file, command.args, { stdio: [stdin || tty ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
}

function childExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('close', (code, signal) => resolve(exitCodeOf(code, signal))));
}

export class CrunContainer implements RunningContainer {
  /** Starts the container and resolves once its process exists. */
  static async start(input: CrunContainerInput): Promise<CrunContainer> {
    const pidFile = join(input.directory, 'container.pid');
    const crunLog = join(input.directory, 'crun.log');
    const run = crunCommand(input.crunRoot, ['--log', `file:${crunLog}`, 'run', '--bundle', input.directory, '--pid-file', pidFile, input.id]);
    const child = spawnCommand(input.tty ? onTerminal(run) : run, input.stdin, input.tty);
    const container = new CrunContainer(input, child);
    const pid = await waitForPidFile(pidFile, container.#childExited);
    if (pid === undefined) {
      await container.exited;
      const detail = await readFile(crunLog, 'utf8').catch(() => '');
      throw new ContainerStartError(input.id, detail);
    }
    container.pid = pid;
    return container;
  }

  readonly id: string;
  pid = 0;
  readonly startedAt = new Date();
  readonly exited: Promise<ExitInfo>;
  readonly #input: CrunContainerInput;
  readonly #child: ChildProcess;
  readonly #childExited: Promise<number>;
  readonly #stdout = new StreamFanout();
  readonly #stderr = new StreamFanout();
  #stdinAttached = false;
  #sentSigkill = false;

  private constructor(input: CrunContainerInput, child: ChildProcess) {
    this.id = input.id;
    this.#input = input;
    this.#child = child;
    this.#childExited = childExit(child);
    const logStdout = input.log.stream('stdout');
    const logStderr = input.log.stream('stderr');
    child.stdout?.on('data', (chunk: Buffer) => {
      logStdout.write(chunk);
      this.#stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      logStderr.write(chunk);
      this.#stderr.write(chunk);
    });
    // A client that closed its end of stdin is not an error of the container's.
    child.stdin?.on('error', () => {});
    this.exited = this.#childExited.then(async (exitCode) => {
      const finishedAt = new Date();
      await Promise.all([endStream(logStdout), endStream(logStderr)]);
      input.log.close();
      this.#stdout.end();
      this.#stderr.end();
      const oomKilled = await input.cgroup.oomKilled(exitCode === SIGKILL_EXIT_CODE && !this.#sentSigkill);
      return { exitCode, signal: signalOfExitCode(exitCode), oomKilled, startedAt: this.startedAt, finishedAt };
    });
  }

  async stop(graceSeconds: number): Promise<ExitInfo> {
    await this.#kill('SIGTERM');
    const grace = new Promise<'grace over'>((resolve) => {
      const timer = setTimeout(() => resolve('grace over'), Math.max(graceSeconds, 0) * 1000);
      void this.exited.finally(() => clearTimeout(timer));
    });
    if ((await Promise.race([this.exited, grace])) === 'grace over') await this.#kill('SIGKILL');
    return this.exited;
  }

  async exec(argv: string[], options: ExecOptions): Promise<ContainerProcess> {
    const pidFile = join(this.#input.directory, `exec-${randomBytes(6).toString('hex')}.pid`);
    const command = crunCommand(this.#input.crunRoot, ['exec', '--pid-file', pidFile, ...(options.tty ? ['--tty'] : []), this.id, ...argv]);
    const child = spawnCommand(options.tty ? onTerminal(command) : command, options.stdin, options.tty);
    let ended = false;
    const exited = childExit(child).finally(() => (ended = true));
    // Node drops the output of a child that ends while nobody reads it, as a short command can while the pid file is awaited.
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    child.stdout?.pipe(stdout);
    child.stderr?.pipe(stderr);
    child.stdin?.on('error', () => {});
    if (options.tty) stderr.resume();
    const pid = await waitForPidFile(pidFile, exited);
    void exited.finally(() => rm(pidFile, { force: true }));
    return {
      stdin: options.stdin ? (child.stdin ?? undefined) : undefined,
      stdout,
      stderr: options.tty ? undefined : stderr,
      resize: (columns, rows) => {
        if (options.tty && pid !== undefined) void setTerminalSize(pid, columns, rows);
      },
      exited,
      kill: () => {
        if (pid !== undefined && !ended) killQuietly(pid);
        child.kill('SIGKILL');
      },
    };
  }

  async attach(options: ExecOptions): Promise<ContainerProcess> {
    const stdout = this.#stdout.subscribe();
    const stderr = this.#input.tty ? undefined : this.#stderr.subscribe();
    const stdin = options.stdin && this.#input.stdin ? this.#attachedStdin() : undefined;
    return {
      stdin,
      stdout,
      stderr,
      resize: (columns, rows) => {
        if (this.#input.tty) void setTerminalSize(this.pid, columns, rows);
      },
      exited: this.exited.then((info) => info.exitCode),
      kill: () => {
        this.#stdout.unsubscribe(stdout);
        if (stderr !== undefined) this.#stderr.unsubscribe(stderr);
        stdin?.end();
      },
    };
  }

  /** Ends the container's state in crun, should its process have outlived the agent's child. */
  async delete(): Promise<void> {
    this.#sentSigkill = true;
    const command = crunCommand(this.#input.crunRoot, ['delete', '--force', this.id]);
    await execa(command.file, command.args, { reject: false });
  }

  /** What an attached client types goes to the main process; with stdinOnce, the end of the first client's input closes the container's stdin. */
  #attachedStdin(): Writable {
    const containerStdin = this.#child.stdin;
    const firstClient = !this.#stdinAttached;
    this.#stdinAttached = true;
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        if (containerStdin === null || containerStdin.writableEnded) return callback();
        containerStdin.write(chunk, () => callback());
      },
      final: (callback) => {
        if (this.#input.stdinOnce && firstClient) containerStdin?.end();
        callback();
      },
    });
  }

  async #kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (signal === 'SIGKILL') this.#sentSigkill = true;
    const command = crunCommand(this.#input.crunRoot, ['kill', this.id, signal.slice(3)]);
    // Fails only when the container has just ended, which is what the caller waits for anyway.
    await execa(command.file, command.args, { reject: false });
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    finished(stream, () => resolve());
    stream.end();
  });
}
