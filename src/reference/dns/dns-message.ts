// DNS messages in RFC 1035 wire format (with RFC 3596 AAAA, RFC 2782 SRV and
// the RFC 6891 OPT pseudo-record): decoding, with compression pointers, and
// encoding, compressing names as the RFC suggests.
import { isIPv4, isIPv6 } from 'node:net';

export const recordTypes = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const rcodes = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const classIN = 1;

export type RecordData =
  | { kind: 'address'; address: string }
  | { kind: 'name'; target: string }
  | { kind: 'soa'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { kind: 'srv'; priority: number; weight: number; port: number; target: string }
  | { kind: 'txt'; texts: string[] }
  | { kind: 'raw'; bytes: Buffer };

export interface ResourceRecord {
  /** Without the trailing dot, lower case as this server writes it; "" is the root. */
  name: string;
  type: number;
  /** The class; for OPT, the sender's UDP payload size. */
  class: number;
  ttl: number;
  data: RecordData;
}

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface DnsHeader {
  id: number;
  response: boolean;
  opcode: number;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  rcode: number;
}

export interface DnsMessage {
  header: DnsHeader;
  questions: Question[];
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
}

export class DnsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsFormatError';
  }
}

const maxNameLength = 255;
const maxLabelLength = 63;

class Reader {
  readonly buf: Buffer;
  offset = 0;
  constructor(buf: Buffer) {
    this.buf = buf;
  }

  need(n: number): void {
    if (this.offset + n > this.buf.length) throw new DnsFormatError(`message ends at ${this.buf.length}, ${n} more bytes needed at ${this.offset}`);
  }

  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  name(): string {
    const labels: string[] = [];
    let at = this.offset;
    let resumeAt: number | undefined;
    let length = 0;
    // Each pointer must go back, so a loop of pointers cannot make this run forever.
    let lowestPointer = at;
    for (;;) {
      if (at >= this.buf.length) throw new DnsFormatError('name runs past the message');
      const len = this.buf.readUInt8(at);
      if ((len & 0xc0) === 0xc0) {
        if (at + 1 >= this.buf.length) throw new DnsFormatError('name pointer runs past the message');
        const target = ((len & 0x3f) << 8) | this.buf.readUInt8(at + 1);
        if (target >= lowestPointer) throw new DnsFormatError('name pointer does not point back');
        resumeAt ??= at + 2;
        lowestPointer = target;
        at = target;
        continue;
      }
      if (len & 0xc0) throw new DnsFormatError(`unsupported label type 0x${(len & 0xc0).toString(16)}`);
      if (len === 0) {
        this.offset = resumeAt ?? at + 1;
        return labels.join('.');
      }
      if (at + 1 + len > this.buf.length) throw new DnsFormatError('label runs past the message');
      length += len + 1;
      if (length > maxNameLength) throw new DnsFormatError('name longer than 255 octets');
      labels.push(this.buf.toString('latin1', at + 1, at + 1 + len).replace(/[.\\]/g, (c) => `\\${c}`));
      at += 1 + len;
    }
  }
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

/** The 16 bytes of an IPv6 address in any of its text forms. */
export function ipv6Bytes(address: string): Buffer {
  // A trailing dotted quad is the last two groups.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
  const [head, rest] = text.split('::') as [string, string | undefined];
  const hexes = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const front = hexes(head);
  const back = hexes(rest ?? '');
  const groups = rest === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const out = Buffer.alloc(16);
  groups.slice(0, 8).forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function ipv6String(b: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // The longest run of zero groups (two or more) becomes "::", as RFC 5952 asks.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.len < 2) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

function readData(r: Reader, type: number, length: number): RecordData {
  const end = r.offset + length;
  r.need(length);
  let data: RecordData;
  switch (type) {
    case recordTypes.A:
      if (length !== 4) throw new DnsFormatError(`A record of ${length} bytes`);
      data = { kind: 'address', address: [...r.bytes(4)].join('.') };
      break;
    case recordTypes.AAAA:
      if (length !== 16) throw new DnsFormatError(`AAAA record of ${length} bytes`);
      data = { kind: 'address', address: ipv6String(r.bytes(16)) };
      break;
    case recordTypes.NS:
    case recordTypes.CNAME:
    case recordTypes.PTR:
      data = { kind: 'name', target: r.name() };
      break;
    case recordTypes.SOA:
      data = { kind: 'soa', mname: r.name(), rname: r.name(), serial: r.u32(), refresh: r.u32(), retry: r.u32(), expire: r.u32(), minimum: r.u32() };
      break;
    case recordTypes.SRV:
      data = { kind: 'srv', priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() };
      break;
    case recordTypes.TXT: {
      const texts: string[] = [];
      while (r.offset < end) texts.push(r.bytes(r.u8()).toString('utf8'));
      data = { kind: 'txt', texts };
      break;
    }
    default:
      data = { kind: 'raw', bytes: Buffer.from(r.bytes(length)) };
  }
  if (r.offset !== end) throw new DnsFormatError(`record data of type ${type} is ${length} bytes, its fields ${r.offset - end + length}`);
  return data;
}

function readRecord(r: Reader): ResourceRecord {
  const name = r.name();
  const type = r.u16();
  const klass = r.u16();
  const ttl = r.u32();
  const length = r.u16();
  return { name, type, class: klass, ttl, data: readData(r, type, length) };
}

export function decodeMessage(buf: Buffer): DnsMessage {
  const r = new Reader(buf);
  const id = r.u16();
  const flags = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
  const header: DnsHeader = {
    id,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
  };
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) questions.push({ name: r.name(), type: r.u16(), class: r.u16() });
  const section = (n: number) => Array.from({ length: n }, () => readRecord(r));
  return { header, questions, answers: section(counts[1]), authority: section(counts[2]), additional: section(counts[3]) };
}

class Writer {
  private chunks: Buffer[] = [];
  length = 0;
  private readonly names = new Map<string, number>();

  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  u8(v: number): void {
    this.push(Buffer.from([v & 0xff]));
  }

  u16(v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v & 0xffff);
    this.push(b);
  }

  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.push(b);
  }

  name(name: string, compress = true): void {
    const labels = splitLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = compress ? this.names.get(suffix) : undefined;
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.length < 0x4000) this.names.set(suffix, this.length);
      const label = Buffer.from(labels[i]!.replace(/\\(.)/g, '$1'), 'latin1');
      if (label.length > maxLabelLength) throw new DnsFormatError(`label "${labels[i]}" is longer than 63 octets`);
      this.u8(label.length);
      this.push(label);
    }
    this.u8(0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** The labels of a name; a backslash escapes a dot inside a label. */
function splitLabels(name: string): string[] {
  if (name === '' || name === '.') return [];
  return name.replace(/\.$/, '').split(/(?<!\\)\./);
}

function writeData(w: Writer, rr: ResourceRecord): void {
  const d = rr.data;
  switch (d.kind) {
    case 'address':
      w.push(isIPv4(d.address) ? ipv4Bytes(d.address) : isIPv6(d.address) ? ipv6Bytes(d.address) : Buffer.alloc(0));
      return;
    case 'name':
      w.name(d.target);
      return;
    case 'soa':
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      return;
    case 'srv':
      w.u16(d.priority);
      w.u16(d.weight);
      w.u16(d.port);
      // RFC 2782: the target is not compressed.
      w.name(d.target, false);
      return;
    case 'txt':
      for (const t of d.texts) {
        const b = Buffer.from(t, 'utf8');
        w.u8(b.length);
        w.push(b.subarray(0, 255));
      }
      return;
    case 'raw':
      w.push(d.bytes);
  }
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  // The length is known only once the data is written (names may compress).
  const lengthWriter = Buffer.alloc(2);
  w.push(lengthWriter);
  const start = w.length;
  writeData(w, rr);
  lengthWriter.writeUInt16BE(w.length - start);
}

export function encodeMessage(m: DnsMessage): Buffer {
  const w = new Writer();
  const h = m.header;
  w.u16(h.id);
  w.u16(
    (h.response ? 0x8000 : 0) | ((h.opcode & 0xf) << 11) | (h.authoritative ? 0x0400 : 0) | (h.truncated ? 0x0200 : 0) |
      (h.recursionDesired ? 0x0100 : 0) | (h.recursionAvailable ? 0x0080 : 0) | (h.rcode & 0xf),
  );
  for (const n of [m.questions.length, m.answers.length, m.authority.length, m.additional.length]) w.u16(n);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of [...m.answers, ...m.authority, ...m.additional]) writeRecord(w, rr);
  return w.toBuffer();
}

/** A query for name and type, as a stub resolver sends it (recursion desired). */
export function queryMessage(id: number, name: string, type: number): DnsMessage {
  return {
    header: { id, response: false, opcode: 0, authoritative: false, truncated: false, recursionDesired: true, recursionAvailable: false, rcode: 0 },
    questions: [{ name, type, class: classIN }],
    answers: [],
    authority: [],
    additional: [],
  };
}
