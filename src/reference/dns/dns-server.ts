// A DNS server on UDP and TCP (RFC 1035 section 4.2: a two-byte length before
// each message on TCP): questions in the cluster zone are answered from the
// cluster's records, authoritatively; others go to the upstream servers, and
// with none configured are REFUSED at once, never left to time out.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import { decodeMessage, DnsFormatError, encodeMessage, rcodes, recordTypes, type DnsMessage, type Question, type ResourceRecord } from './dns-message.ts';
import type { ZoneAnswer } from './cluster-records.ts';
import { forwardQuery, type Upstream } from './upstream-forwarder.ts';

export interface DnsServerOptions {
  host?: string;
  /** 0 picks a free port (the same number for UDP and TCP). */
  port: number;
  answer(question: Question): ZoneAnswer;
  upstreams?: Upstream[];
  /** How long each upstream has to answer (default 2000 ms, CoreDNS forward's read timeout). */
  upstreamTimeoutMs?: number;
  log?: (message: string) => void;
}

/** RFC 1035's UDP limit, for clients without EDNS. */
const classicUdpSize = 512;
/** The payload size this server advertises and caps answers at (the DNS flag day 2020 value). */
const ednsUdpSize = 1232;

type Transport = 'udp' | 'tcp';

function replyTo(query: DnsMessage, rcode: number): DnsMessage {
  return {
    header: { ...query.header, response: true, authoritative: false, truncated: false, recursionAvailable: false, rcode },
    questions: query.questions,
    answers: [],
    authority: [],
    additional: [],
  };
}

export class DnsServer {
  private readonly options: DnsServerOptions;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<Socket>();
  port = 0;

  constructor(options: DnsServerOptions) {
    this.options = options;
  }

  async listen(): Promise<number> {
    // With port 0 the UDP socket picks a free port, which TCP may find taken: then both try
    // again with another.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.listenOnce();
      } catch (err) {
        await this.close();
        if (this.options.port !== 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 10) throw err;
      }
    }
  }

  private async listenOnce(): Promise<number> {
    const host = this.options.host ?? '0.0.0.0';
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    this.udp = udp;
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.options.port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.port = udp.address().port;
    udp.on('message', (msg, rinfo) => {
      this.handle(msg, 'udp').then((reply) => {
        if (reply) udp.send(reply, rinfo.port, rinfo.address);
      }, (err: Error) => this.options.log?.(`answering ${rinfo.address}: ${err.message}`));
    });
    udp.on('error', (err) => this.options.log?.(`udp: ${err.message}`));
    const tcp = createServer((socket) => this.serveConnection(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(this.port, host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    this.tcp = tcp;
    return this.port;
  }

  private serveConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    // CoreDNS closes idle TCP connections after 10 s.
    socket.setTimeout(10_000, () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        this.handle(message, 'tcp').then((reply) => {
          if (!reply || socket.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([prefix, reply]));
        }, (err: Error) => {
          this.options.log?.(`answering ${socket.remoteAddress}: ${err.message}`);
          socket.destroy();
        });
      }
    });
  }

  /** The reply to one message, or undefined to send none (it was not a query). */
  async handle(raw: Buffer, transport: Transport): Promise<Buffer | undefined> {
    if (raw.length < 12) return undefined;
    let query: DnsMessage;
    try {
      query = decodeMessage(raw);
    } catch (err) {
      if (!(err instanceof DnsFormatError)) throw err;
      if (raw.readUInt16BE(2) & 0x8000) return undefined;
      const header = { id: raw.readUInt16BE(0), response: true, opcode: (raw.readUInt16BE(2) >> 11) & 0xf, authoritative: false, truncated: false, recursionDesired: false, recursionAvailable: false, rcode: rcodes.FORMERR };
      return encodeMessage({ header, questions: [], answers: [], authority: [], additional: [] });
    }
    if (query.header.response) return undefined;
    if (query.header.opcode !== 0) return encodeMessage(replyTo(query, rcodes.NOTIMP));
    const question = query.questions[0];
    if (!question || query.questions.length !== 1) return encodeMessage(replyTo(query, rcodes.FORMERR));

    const upstreams = this.options.upstreams ?? [];
    const zone = this.options.answer(question);
    if (zone.forward) {
      if (!upstreams.length) return encodeMessage(replyTo(query, rcodes.REFUSED));
      const answer = await forwardQuery(upstreams, raw, this.options.upstreamTimeoutMs ?? 2000);
      return answer ?? encodeMessage(replyTo(query, rcodes.SERVFAIL));
    }
    const opt = query.additional.find((r) => r.type === recordTypes.OPT);
    const reply = replyTo(query, zone.rcode);
    reply.header.authoritative = true;
    reply.header.recursionAvailable = upstreams.length > 0;
    reply.answers = zone.answers;
    reply.authority = zone.authority;
    if (opt) reply.additional = [optRecord()];
    let encoded = encodeMessage(reply);
    const limit = transport === 'tcp' ? 0xffff : opt ? Math.max(classicUdpSize, Math.min(opt.class, ednsUdpSize)) : classicUdpSize;
    if (encoded.length > limit) {
      // Too big for this transport: say so (TC), and the client asks again over TCP.
      reply.header.truncated = true;
      reply.answers = [];
      reply.authority = [];
      encoded = encodeMessage(reply);
    }
    return encoded;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    const { udp, tcp } = this;
    this.udp = undefined;
    this.tcp = undefined;
    await Promise.all([
      new Promise<void>((resolve) => {
        if (!udp) return resolve();
        try {
          udp.close(() => resolve());
        } catch {
          resolve(); // a socket whose bind failed is closed already
        }
      }),
      new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve())),
    ]);
  }
}

function optRecord(): ResourceRecord {
  return { name: '', type: recordTypes.OPT, class: ednsUdpSize, ttl: 0, data: { kind: 'raw', bytes: Buffer.alloc(0) } };
}
