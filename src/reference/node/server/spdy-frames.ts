// SPDY/3.1 framing, the part port forwarding needs (kubectl tunnels it
// through a WebSocket; the kubelet end speaks it): control frames
// (SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS,
// WINDOW_UPDATE) and data frames, each an 8-byte header and a 24-bit length.
// Header blocks are zlib-compressed per direction, over one compression
// context for the whole connection, with SPDY/3's preset dictionary.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

export const frameType = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goAway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

export const flagFin = 0x01;
const version = 3;

export interface ControlFrame {
  control: true;
  type: number;
  flags: number;
  data: Buffer;
}

export interface DataFrame {
  control: false;
  streamId: number;
  flags: number;
  data: Buffer;
}

export type SpdyFrame = ControlFrame | DataFrame;

/** Cuts a byte stream into frames, keeping an incomplete frame until the rest arrives. */
export class SpdyFrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(data: Buffer): SpdyFrame[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    const frames: SpdyFrame[] = [];
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUIntBE(5, 3);
      if (this.buffer.length < 8 + length) break;
      const flags = this.buffer[4]!;
      const body = Buffer.from(this.buffer.subarray(8, 8 + length));
      if (this.buffer[0]! & 0x80) frames.push({ control: true, type: this.buffer.readUInt16BE(2), flags, data: body });
      else frames.push({ control: false, streamId: this.buffer.readUInt32BE(0) & 0x7fffffff, flags, data: body });
      this.buffer = this.buffer.subarray(8 + length);
    }
    return frames;
  }
}

function frameHeader(first: number, flags: number, length: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(first >>> 0, 0);
  header.writeUInt32BE(((flags << 24) | length) >>> 0, 4);
  return header;
}

export function encodeControlFrame(type: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader((0x8000 | version) * 0x10000 + type, flags, data.length), data]);
}

export function encodeDataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader(streamId & 0x7fffffff, flags, data.length), data]);
}

/** The stream a control frame is about (SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE). */
export function controlStreamId(frame: ControlFrame): number {
  return frame.data.readUInt32BE(0) & 0x7fffffff;
}

export function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** An uncompressed header block: a count, then length-prefixed names and values (lower-case names). */
export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts = [uint32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(uint32(n.length), n, uint32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  const count = block.readUInt32BE(0);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const nameLength = block.readUInt32BE(at);
    const name = block.subarray(at + 4, at + 4 + nameLength).toString();
    at += 4 + nameLength;
    const valueLength = block.readUInt32BE(at);
    headers[name] = block.subarray(at + 4, at + 4 + valueLength).toString();
    at += 4 + valueLength;
  }
  return headers;
}

const dictionaryWords = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie',
  'keep-alive', 'origin',
];
const dictionaryTail =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/** SPDY/3's zlib dictionary: length-prefixed header words, then common values (draft-mbelshe-httpbis-spdy-00, 2.6.10.1). */
export const spdyDictionary: Buffer = Buffer.concat([
  ...dictionaryWords.flatMap((word) => [uint32(word.length), Buffer.from(word)]),
  Buffer.from(dictionaryTail),
]);

/** One direction's compression context; blocks go through it one after another. */
class HeaderZlib {
  private readonly stream: Inflate | Deflate;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(stream: Inflate | Deflate) {
    this.stream = stream;
    this.stream.on('error', () => undefined);
  }

  run(input: Buffer): Promise<Buffer> {
    const next = this.queue.then(() => new Promise<Buffer>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.stream.once('error', onError);
      this.stream.write(input);
      this.stream.flush(constants.Z_SYNC_FLUSH, () => {
        this.stream.off('error', onError);
        const out: Buffer[] = [];
        for (let chunk = this.stream.read() as Buffer | null; chunk; chunk = this.stream.read() as Buffer | null) out.push(chunk);
        resolve(Buffer.concat(out));
      });
    }));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.stream.destroy();
  }
}

/** Header compression for one connection: what the peer sent in, what this end sends out. */
export class HeaderCompression {
  private readonly inflate = new HeaderZlib(createInflate({ dictionary: spdyDictionary }));
  private readonly deflate = new HeaderZlib(createDeflate({ dictionary: spdyDictionary }));

  async decode(compressed: Buffer): Promise<Record<string, string>> {
    return decodeHeaderBlock(await this.inflate.run(compressed));
  }

  encode(headers: Record<string, string>): Promise<Buffer> {
    return this.deflate.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.inflate.close();
    this.deflate.close();
  }
}
