// The store over a real etcd (3.4 or later) through the etcd3 client.
//
// Writes are single transactions whose compare carries the precondition, with
// a read in the failure branch to tell KeyNotFound from Conflict. Watches are
// resumed across lost connections (see etcd-watch.ts). etcd reports neither
// the compaction revision nor the compacted range in its errors, so
// compactedRevision() finds it by reading at revisions below the current one.
import { Etcd3, isRecoverableError, Range, type ICompare, type IRangeRequest, type IRangeResponse } from 'etcd3';
import { setTimeout as sleep } from 'node:timers/promises';
import { etcdClientOptions, readEtcdTls, type EtcdTlsFiles } from './etcd-client-options.ts';
import { toKeyValue } from './etcd-conversions.ts';
import { EtcdWatch } from './etcd-watch.ts';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchHandlers,
  type Watcher,
} from './store.ts';

export interface EtcdStoreOptions {
  /** Client URLs, e.g. http://127.0.0.1:2379 (https:// with tls). */
  endpoints: string[];
  tls?: EtcdTlsFiles;
}

export class EtcdUnreachableError extends Error {
  readonly endpoints: string[];
  constructor(endpoints: string[], cause: Error) {
    super(`cannot reach etcd at ${endpoints.join(', ')} (${cause.message}); check that it runs and that the endpoints are its client URLs`);
    this.name = 'EtcdUnreachableError';
    this.endpoints = endpoints;
  }
}

const compactedMessage = 'required revision has been compacted';
const futureMessage = 'required revision is a future revision';
/** Any key: reads of it only serve to learn revisions. */
const probeKey = Buffer.from([0]);
const readAttempts = 3;

export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  const tls = options.tls && (await readEtcdTls(options.tls));
  const store = new EtcdStore(new Etcd3(etcdClientOptions(options.endpoints, tls)));
  try {
    await store.revision();
  } catch (err) {
    await store.close();
    throw new EtcdUnreachableError(options.endpoints, err as Error);
  }
  return store;
}

export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly watches = new Set<EtcdWatch>();
  /** The last compaction revision seen; compactions only move forward. */
  private knownCompacted = 0;
  private closing: Promise<void> | undefined;

  constructor(client: Etcd3) {
    this.client = client;
  }

  async revision(): Promise<number> {
    const response = await this.range({ key: probeKey, count_only: true });
    return Number(response.header.revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const response = await this.range({ key: Buffer.from(key) });
    const kv = response.kvs[0];
    return kv && toKeyValue(kv);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const range = Range.prefix(prefix);
    const startKey = options.startKey === undefined ? range.start : Buffer.from(options.startKey);
    const request: IRangeRequest = {
      key: Buffer.compare(startKey, range.start) > 0 ? startKey : range.start,
      range_end: range.end,
      limit: options.limit ?? 0,
      revision: options.revision ?? 0,
    };
    const response = await this.range(request);
    return {
      items: response.kvs.map(toKeyValue),
      revision: options.revision || Number(response.header.revision),
      more: response.more,
    };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const name = Buffer.from(key);
    const response = await this.client.kv.txn({
      compare: [{ key: name, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: name, value: Buffer.from(value) } }],
    });
    if (!response.succeeded) throw new KeyExistsError(key);
    const revision = Number(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const name = Buffer.from(key);
    const response = await this.client.kv.txn({
      compare: preconditions(name, expectedModRevision),
      success: [{ request_put: { key: name, value: Buffer.from(value), prev_kv: true } }],
      failure: [{ request_range: { key: name } }],
    });
    if (!response.succeeded) throw preconditionFailure(key, expectedModRevision, response.responses[0]?.response_range);
    const revision = Number(response.header.revision);
    const createRevision = Number(response.responses[0]!.response_put.prev_kv.create_revision);
    return { key, value, createRevision, modRevision: revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }> {
    const name = Buffer.from(key);
    const response = await this.client.kv.txn({
      compare: preconditions(name, expectedModRevision),
      success: [{ request_delete_range: { key: name, prev_kv: true } }],
      failure: [{ request_range: { key: name } }],
    });
    if (!response.succeeded) throw preconditionFailure(key, expectedModRevision, response.responses[0]?.response_range);
    const prev = response.responses[0]!.response_delete_range.prev_kvs[0]!;
    return { prev: toKeyValue(prev), revision: Number(response.header.revision) };
  }

  async watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Promise<Watcher> {
    if (this.closing) throw new Error('the store is closed');
    // etcd itself would accept a start one revision older than its compaction;
    // checking here keeps the contract the embedded store keeps.
    if (await this.isCompacted(Math.max(afterRevision, 1))) {
      throw new CompactedError(afterRevision, await this.compactedRevision());
    }
    const watch = await EtcdWatch.start({
      client: this.client,
      range: Range.prefix(prefix),
      afterRevision,
      handlers,
      explainCancel: async (err, lastRevision) =>
        (await this.isCompacted(lastRevision + 1)) ? new CompactedError(lastRevision, await this.compactedRevision()) : err,
      onClose: (closed) => this.watches.delete(closed),
    });
    this.watches.add(watch);
    return watch;
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.retryingRead(() => this.client.kv.compact({ revision }));
    } catch (err) {
      if (messageOf(err).includes(compactedMessage)) return;
      if (messageOf(err).includes(futureMessage)) throw new FutureRevisionError(revision, await this.revision());
      throw err;
    }
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  /**
   * The oldest revision still readable is the compaction point. Compactions
   * only move forward, so the search starts from the last one seen.
   */
  async compactedRevision(): Promise<number> {
    let unreadable = this.knownCompacted;
    if (unreadable === 0) {
      if (!(await this.isCompacted(1))) return 0;
      unreadable = 1;
    } else if (!(await this.isCompacted(unreadable))) {
      return unreadable;
    }
    let readable = await this.revision();
    while (readable - unreadable > 1) {
      const middle = Math.floor((readable + unreadable) / 2);
      if (await this.isCompacted(middle)) unreadable = middle;
      else readable = middle;
    }
    this.knownCompacted = readable;
    return readable;
  }

  /** Ends every watch (onError) and closes the client. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Error('the store was closed');
      await Promise.all([...this.watches].map((watch) => watch.end(closed)));
      this.client.close();
    })();
    return this.closing;
  }

  private async isCompacted(revision: number): Promise<boolean> {
    try {
      await this.retryingRead(() => this.client.kv.range({ key: probeKey, revision, count_only: true }));
      return false;
    } catch (err) {
      if (messageOf(err).includes(compactedMessage)) return true;
      if (messageOf(err).includes(futureMessage)) return false;
      throw err;
    }
  }

  /** A range read, with etcd's revision errors turned into the store's. */
  private async range(request: IRangeRequest): Promise<IRangeResponse> {
    try {
      return await this.retryingRead(() => this.client.kv.range(request));
    } catch (err) {
      const revision = Number(request.revision ?? 0);
      if (messageOf(err).includes(compactedMessage)) throw new CompactedError(revision, await this.compactedRevision());
      if (messageOf(err).includes(futureMessage)) throw new FutureRevisionError(revision, await this.revision());
      throw err;
    }
  }

  /** Reads are safe to repeat, so a transient failure gets two more tries. */
  private async retryingRead<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (attempt >= readAttempts || !(err instanceof Error) || !isRecoverableError(err)) throw err;
        await sleep(100 * attempt);
      }
    }
  }
}

/** The key exists and, when expected is given, was last changed at expected. */
function preconditions(key: Buffer, expectedModRevision: number | undefined): ICompare[] {
  const compare: ICompare[] = [{ key, target: 'Create', result: 'Greater', create_revision: 0 }];
  if (expectedModRevision !== undefined) {
    compare.push({ key, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision });
  }
  return compare;
}

function preconditionFailure(key: string, expected: number | undefined, current: IRangeResponse | undefined): Error {
  const kv = current?.kvs[0];
  if (!kv) return new KeyNotFoundError(key);
  return new ConflictError(key, expected ?? 0, Number(kv.mod_revision));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
