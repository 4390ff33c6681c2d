// tcpSocket probes (pkg/probe/tcp): success when a TCP connection opens
// within the timeout; the connection is closed at once.
import { connect } from 'node:net';
import { dialErrorText, type ProbeOutcome } from './probe-outcome.ts';

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => finish({ success: false, output: `dial tcp ${address}: i/o timeout` }), timeoutMs);
    function finish(outcome: ProbeOutcome): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    }
    socket.once('connect', () => finish({ success: true, output: '' }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ success: false, output: `dial tcp ${address}: ${dialErrorText(err)}` }));
  });
}
