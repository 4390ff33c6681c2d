// Sends a query on to upstream servers over UDP, one after another until one
// answers, as CoreDNS's forward plugin does with policy "sequential"; the
// answer goes back to the client as the upstream wrote it.
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** "10.0.0.2", "10.0.0.2:5353", "[fd00::1]:53" or "fd00::1". */
export function parseUpstream(text: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 53) };
  if (isIPv6(text)) return { host: text, port: 53 };
  const [host, port] = text.split(':');
  if (!host || (port !== undefined && !/^\d+$/.test(port))) throw new Error(`upstream "${text}" is not ADDRESS[:PORT]`);
  return { host, port: Number(port ?? 53) };
}

function ask(upstream: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    const done = (answer: Buffer | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('message', (msg) => {
      // Only the answer to this query (same id) counts.
      if (msg.length >= 12 && msg.readUInt16BE(0) === query.readUInt16BE(0)) done(msg);
    });
    socket.send(query, upstream.port, upstream.host);
  });
}

/** The first upstream answer to query, or undefined when none answered within timeoutMs each. */
export async function forwardQuery(upstreams: Upstream[], query: Buffer, timeoutMs: number): Promise<Buffer | undefined> {
  for (const upstream of upstreams) {
    const answer = await ask(upstream, query, timeoutMs);
    if (answer) return answer;
  }
  return undefined;
}
