// Exec and attach over SPDY (v4.channel.k8s.io), which kubectl falls back to
// when WebSockets fail: the client opens one stream per channel, named by its
// streamType header (error, stdin, stdout, stderr, resize), and the session
// starts once all it asked for are there. Closing stdin is the stdin
// stream's FIN; terminal sizes come as JSON objects one after another on the
// resize stream.
import type { Duplex } from 'node:stream';
import { decodeResize } from './channel-protocol.ts';
import { SpdySession, type SpdyStream } from './spdy-session.ts';
import { runStreamSession, type ClientInput, type SessionTransport, type StreamSessionOptions } from './stream-session.ts';

export const spdyStreamProtocol = 'v4.channel.k8s.io';

/** Kubelet's streamCreationTimeout: how long the client has to open the streams it asked for. */
const streamCreationMs = 30_000;

/** Splits the resize stream into its JSON objects (flat ones: {"Width":W,"Height":H}). */
function resizeReader(onSize: ClientInput['resize']): (data: Buffer) => void {
  let pending = '';
  return (data) => {
    pending += data.toString('utf8');
    for (let end = pending.indexOf('}'); end >= 0; end = pending.indexOf('}')) {
      const size = decodeResize(Buffer.from(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
      if (size) onSize(size);
    }
  };
}

function spdyTransport(session: SpdySession, streams: Map<string, SpdyStream>, early: { stdin: Buffer[]; stdinEnded: boolean; resize: Buffer[] }): SessionTransport {
  return {
    receive(input) {
      const stdin = streams.get('stdin');
      if (stdin) {
        for (const data of early.stdin.splice(0)) input.stdin(data);
        stdin.onData = (data) => input.stdin(data);
        stdin.onEnd = () => input.stdinEnd();
        if (early.stdinEnded) input.stdinEnd();
      }
      const resize = streams.get('resize');
      if (resize) {
        const read = resizeReader(input.resize);
        for (const data of early.resize.splice(0)) read(data);
        resize.onData = read;
      }
    },
    ready() {},
    output(stream, data) {
      streams.get(stream)?.write(data);
    },
    finish(status) {
      streams.get('error')?.write(Buffer.from(JSON.stringify(status)));
      for (const stream of streams.values()) stream.end();
      session.shutdown();
    },
    disconnected: new Promise<void>((resolve) => session.onClose(resolve)),
  };
}

/** Serves one upgraded SPDY connection for an exec or attach. */
export function serveSpdyStreams(socket: Duplex, head: Buffer, options: StreamSessionOptions): void {
  const { selection } = options;
  const expected = new Set(['error']);
  if (selection.stdin) expected.add('stdin');
  if (selection.stdout) expected.add('stdout');
  if (selection.stderr) expected.add('stderr');
  if (selection.tty) expected.add('resize');
  const streams = new Map<string, SpdyStream>();
  const early = { stdin: [] as Buffer[], stdinEnded: false, resize: [] as Buffer[] };
  const session = new SpdySession(socket, head, (stream) => {
    const type = stream.headers.streamtype ?? '';
    if (!expected.has(type) || streams.has(type)) return stream.reset();
    streams.set(type, stream);
    if (type === 'stdin') {
      stream.onData = (data) => early.stdin.push(data);
      stream.onEnd = () => (early.stdinEnded = true);
    } else if (type === 'resize') {
      stream.onData = (data) => early.resize.push(data);
    }
    if (streams.size === expected.size) {
      clearTimeout(timeout);
      void runStreamSession(spdyTransport(session, streams, early), options);
    }
  });
  const timeout = setTimeout(() => session.close(), streamCreationMs);
  session.onClose(() => clearTimeout(timeout));
}
