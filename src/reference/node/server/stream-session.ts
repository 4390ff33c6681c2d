// One exec or attach, whatever carries it (WebSocket channels or SPDY
// streams): the client's stdin and terminal size go to the process; its
// stdout and stderr go back; once it has ended and its output is sent, the
// outcome (a metav1.Status) goes on the error stream and the connection
// closes. A client that goes away first kills an exec's process; an attach
// only lets go of the container's.
import type { ContainerProcess } from '../container-runtime.ts';
import { failureStatus, type StreamStatus, type TerminalSize } from './channel-protocol.ts';

export interface StreamSelection {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ClientInput {
  stdin(data: Buffer): void;
  stdinEnd(): void;
  resize(size: TerminalSize): void;
}

export interface SessionTransport {
  /** Hands the client's input over once the process runs (input that came earlier is kept until then). */
  receive(input: ClientInput): void;
  /** The streams are up (the kubelet tells WebSocket clients with an empty message). */
  ready(): void;
  output(stream: 'stdout' | 'stderr', data: Buffer): void;
  /** Writes the outcome and closes the connection. */
  finish(status: StreamStatus): void;
  /** Settles when the client has gone. */
  disconnected: Promise<void>;
}

export interface StreamSessionOptions {
  selection: StreamSelection;
  /** Starts the exec or attaches; rejects when it cannot. */
  start(): Promise<ContainerProcess>;
  /** The outcome once the process has ended. */
  status(exitCode: number): StreamStatus;
  killOnDisconnect: boolean;
}

function ended(stream: NodeJS.ReadableStream | undefined): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

export async function runStreamSession(transport: SessionTransport, options: StreamSessionOptions): Promise<void> {
  const { selection } = options;
  let gone = false;
  void transport.disconnected.then(() => (gone = true));
  let process: ContainerProcess;
  try {
    process = await options.start();
  } catch (err) {
    transport.finish(failureStatus((err as Error).message));
    return;
  }
  transport.receive({
    stdin: (data) => {
      if (selection.stdin) process.stdin?.write(data);
    },
    stdinEnd: () => process.stdin?.end(),
    resize: (size) => process.resize(size.columns, size.rows),
  });
  transport.ready();
  const forward = (stream: NodeJS.ReadableStream | undefined, name: 'stdout' | 'stderr') => {
    if (!stream) return;
    const onData = (chunk: Buffer) => {
      if (selection[name]) transport.output(name, chunk);
    };
    stream.on('data', onData);
    void transport.disconnected.then(() => stream.off('data', onData));
  };
  forward(process.stdout, 'stdout');
  forward(process.stderr, 'stderr');
  const outputDone = Promise.all([ended(process.stdout), ended(process.stderr)]);
  const exitCode = await Promise.race([
    process.exited.then(async (code) => {
      await Promise.race([outputDone, transport.disconnected]);
      return code;
    }),
    transport.disconnected.then(() => undefined),
  ]);
  if (exitCode === undefined || gone) {
    if (options.killOnDisconnect) process.kill();
    return;
  }
  transport.finish(options.status(exitCode));
}
