// Exec and attach over a WebSocket channel protocol (v4/v5.channel.k8s.io):
// the transport of a stream session.
import type { WebSocket } from 'ws';
import { channel, decodeFrame, decodeResize, encodeFrame } from './channel-protocol.ts';
import { runStreamSession, type ClientInput, type SessionTransport, type StreamSessionOptions } from './stream-session.ts';

function webSocketTransport(ws: WebSocket, selection: StreamSessionOptions['selection']): SessionTransport {
  const early: Buffer[] = [];
  let input: ClientInput | undefined;
  const deliver = (message: Buffer) => {
    const frame = decodeFrame(message);
    if (!frame || !input) return;
    if (frame.channel === channel.stdin) input.stdin(frame.data);
    else if (frame.channel === channel.resize) {
      const size = decodeResize(frame.data);
      if (size) input.resize(size);
    } else if (frame.channel === channel.close && frame.data[0] === channel.stdin) input.stdinEnd();
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    if (input) deliver(data);
    else early.push(data);
  });
  const send = (channelNumber: number, data: Buffer | string) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(channelNumber, data));
  };
  return {
    receive(handlers) {
      input = handlers;
      for (const message of early.splice(0)) deliver(message);
    },
    ready() {
      // As the kubelet: an empty message on the lowest output channel tells the client the streams are up.
      if (selection.stdout) send(channel.stdout, '');
      else if (selection.stderr) send(channel.stderr, '');
      else send(channel.error, '');
    },
    output(stream, data) {
      send(stream === 'stdout' ? channel.stdout : channel.stderr, data);
    },
    finish(status) {
      send(channel.error, JSON.stringify(status));
      ws.close(1000);
    },
    disconnected: new Promise<void>((resolve) => ws.once('close', () => resolve())),
  };
}

export function runChannelSession(ws: WebSocket, options: StreamSessionOptions): Promise<void> {
  return runStreamSession(webSocketTransport(ws, options.selection), options);
}
