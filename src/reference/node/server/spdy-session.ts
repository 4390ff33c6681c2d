// The server end of a SPDY/3.1 connection, as the kubelet's streaming server
// uses one: the client opens streams (SYN_STREAM with headers), each is
// accepted at once (SYN_REPLY), then data flows both ways until each side
// sends FIN; PINGs are answered, RST_STREAM and GOAWAY end streams and the
// connection.
import type { Duplex } from 'node:stream';
import {
  controlStreamId, encodeControlFrame, encodeDataFrame, flagFin, frameType, HeaderCompression, SpdyFrameReader, uint32,
  type ControlFrame, type DataFrame,
} from './spdy-frames.ts';

/** The largest data frame sent (SPDY allows 16 MiB; small frames keep the streams interleaved). */
const maxDataFrame = 32 * 1024;
const rstCancel = 5;

export class SpdyStream {
  readonly id: number;
  readonly headers: Record<string, string>;
  /** The client's data, its FIN, and its RST_STREAM. */
  onData: (data: Buffer) => void = () => undefined;
  onEnd: () => void = () => undefined;
  onReset: () => void = () => undefined;
  private readonly session: SpdySession;
  private finished = false;

  constructor(session: SpdySession, id: number, headers: Record<string, string>) {
    this.session = session;
    this.id = id;
    this.headers = headers;
  }

  write(data: Buffer): void {
    if (this.finished) return;
    for (let at = 0; at < data.length; at += maxDataFrame) this.session.send(encodeDataFrame(this.id, 0, data.subarray(at, at + maxDataFrame)));
  }

  /** Sends FIN: nothing more comes from this end. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.session.send(encodeDataFrame(this.id, flagFin, Buffer.alloc(0)));
  }

  /** Refuses the stream (RST_STREAM CANCEL). */
  reset(): void {
    this.finished = true;
    this.session.send(encodeControlFrame(frameType.rstStream, 0, Buffer.concat([uint32(this.id), uint32(rstCancel)])));
  }
}

export class SpdySession {
  private readonly socket: Duplex;
  private readonly reader = new SpdyFrameReader();
  private readonly compression = new HeaderCompression();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly onStream: (stream: SpdyStream) => void;
  private readonly closeListeners: (() => void)[] = [];
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  /** Takes over an upgraded connection; `head` is what already arrived after the upgrade request. */
  constructor(socket: Duplex, head: Buffer, onStream: (stream: SpdyStream) => void) {
    this.socket = socket;
    this.onStream = onStream;
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
    if (head.length) this.receive(head);
  }

  send(frame: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(frame);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Closes the connection once what was sent has gone out. */
  shutdown(): void {
    this.socket.end();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.onReset();
    this.streams.clear();
    this.compression.close();
    this.socket.end();
    this.socket.destroy();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private receive(data: Buffer): void {
    for (const frame of this.reader.push(data)) {
      this.chain = this.chain.then(() => (frame.control ? this.onControl(frame) : this.onData(frame))).catch(() => this.close());
    }
  }

  private async onControl(frame: ControlFrame): Promise<void> {
    switch (frame.type) {
      case frameType.synStream: {
        const id = controlStreamId(frame);
        const headers = await this.compression.decode(frame.data.subarray(10));
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        this.send(encodeControlFrame(frameType.synReply, 0, Buffer.concat([uint32(id), await this.compression.encode({})])));
        this.onStream(stream);
        if (frame.flags & flagFin) stream.onEnd();
        return;
      }
      case frameType.rstStream: {
        const stream = this.streams.get(controlStreamId(frame));
        if (!stream) return;
        this.streams.delete(stream.id);
        stream.onReset();
        return;
      }
      case frameType.ping:
        return this.send(encodeControlFrame(frameType.ping, 0, frame.data));
      case frameType.goAway:
        return this.close();
      case frameType.headers:
        // Header blocks share the compression context: decode to keep it in step.
        await this.compression.decode(frame.data.subarray(4));
        return;
      default:
        return;
    }
  }

  private onData(frame: DataFrame): void {
    const stream = this.streams.get(frame.streamId);
    if (!stream) return;
    if (frame.data.length) stream.onData(frame.data);
    if (frame.flags & flagFin) stream.onEnd();
  }
}
