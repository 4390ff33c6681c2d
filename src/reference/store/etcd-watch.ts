// One watch on etcd, resumed across lost connections without losing or
// repeating an event.
//
// etcd3 re-creates a watcher by itself after its stream breaks, starting at
// one past the last header revision it saw. That revision can run ahead of
// the events delivered: etcd's "created" reply carries the current revision
// before any replayed event, and a catch-up batch carries the current
// revision though more events follow. So this watch tracks the revision of
// the last event it delivered (or the revision a progress notification
// vouched for) and, each time the stream is lost, sets the watcher's start
// revision to the one after it, before etcd3 reconnects. Events at or below
// that revision are dropped, should any arrive twice. If etcd refuses the
// resumed watch (its start was compacted meanwhile), the watch ends with
// onError(CompactedError); the API server then ends the HTTP watch and its
// clients re-list. While etcd stays unreachable the watch just waits (etcd3
// keeps reconnecting, see etcd-client-options.ts); it does not end on its own.
import type { Etcd3, IWatchResponse, Range, Watcher as Etcd3Watcher } from 'etcd3';
import { toWatchEvent } from './etcd-conversions.ts';
import type { WatchHandlers, Watcher } from './store.ts';
import { WatchBuffer } from './watch-buffer.ts';

/** Turns etcd's cancellation of a watch into the error to report, given the last revision delivered. */
export type ExplainCancel = (err: Error, lastRevision: number) => Promise<Error>;

export interface EtcdWatchOptions {
  client: Etcd3;
  range: Range;
  afterRevision: number;
  handlers: WatchHandlers;
  explainCancel: ExplainCancel;
  onClose: (watch: EtcdWatch) => void;
}

export class EtcdWatch implements Watcher {
  private readonly watcher: Etcd3Watcher;
  private readonly buffer: WatchBuffer;
  private readonly explainCancel: ExplainCancel;
  private readonly onClose: (watch: EtcdWatch) => void;
  private readonly accepted: Promise<void>;
  private refuse: (err: Error) => void = () => {};
  private started = false;
  private lastRevision: number;
  private closed = false;

  /** Resolves once etcd has accepted the watch. */
  static async start(options: EtcdWatchOptions): Promise<EtcdWatch> {
    const watch = new EtcdWatch(options);
    await watch.accepted;
    return watch;
  }

  private constructor(options: EtcdWatchOptions) {
    this.buffer = new WatchBuffer(options.handlers);
    this.explainCancel = options.explainCancel;
    this.onClose = options.onClose;
    this.lastRevision = options.afterRevision;
    // watcher() rather than create(): listeners must be in place before the
    // stream can deliver anything, and create() only hands the watcher over
    // a turn after etcd accepted it.
    this.watcher = options.client
      .watch()
      .inRange(options.range)
      .withPreviousKV()
      .startRevision(String(options.afterRevision + 1))
      .watcher();
    this.accepted = new Promise((resolve, reject) => {
      this.refuse = reject;
      this.watcher.once('connected', () => {
        this.started = true;
        resolve();
      });
    });
    this.watcher.on('error', (err: Error) => void this.canceled(err));
    this.watcher.on('data', (response: IWatchResponse) => this.receive(response));
    this.watcher.on('disconnected', () => {
      this.watcher.request.start_revision = String(this.lastRevision + 1);
    });
  }

  async close(): Promise<void> {
    this.buffer.close();
    await this.detach();
  }

  /** The backend is going away: end the watch with err. */
  async end(err: Error): Promise<void> {
    this.buffer.fail(err);
    await this.detach();
  }

  private async detach(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    // cancel() waits for etcd to confirm; a stream lost meanwhile drops the watcher too.
    let lost: (() => void) | undefined;
    await Promise.race([
      this.watcher.cancel(),
      new Promise<void>((resolve) => {
        lost = resolve;
        this.watcher.once('disconnected', resolve);
      }),
    ]);
    if (lost) this.watcher.off('disconnected', lost);
  }

  private receive(response: IWatchResponse): void {
    if (this.closed) return;
    if (response.events.length === 0) {
      // A timed progress notification: etcd sends these only to watchers that
      // are caught up, so every event up to this revision has been delivered.
      // A revision below the last one delivered (a watch that started ahead
      // of the store) says nothing new.
      const revision = Number(response.header.revision);
      if (revision < this.lastRevision) return;
      this.lastRevision = revision;
      this.buffer.progress(revision);
      return;
    }
    const events = response.events.map(toWatchEvent).filter((event) => event.revision > this.lastRevision);
    const last = events.at(-1);
    if (!last) return;
    this.lastRevision = last.revision;
    this.buffer.push(events);
  }

  /** etcd dropped the watch: refused it at the start, or ended it later. */
  private async canceled(err: Error): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    const explained = await this.explainCancel(err, this.lastRevision).catch(() => err);
    if (this.started) this.buffer.fail(explained);
    else this.refuse(explained);
  }
}
