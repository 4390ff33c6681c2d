// The watch on PREFIX/subnets/ of flannel's etcd subnet manager (its
// registry's watchSubnets): lists the leases and their revision, then
// delivers every put and delete after it. A broken stream is resumed by etcd3
// after the last event delivered; a watch etcd cancels (its start revision
// compacted away, say) is replaced by a fresh listing, as flannel re-lists.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Etcd3, IWatchResponse, Watcher } from 'etcd3';
import { parseSubnetKey } from './subnet-key.ts';

export interface SubnetRecord {
  subnet: string;
  value: string;
  /** The etcd lease the key is attached to; "0" for none (a reservation). */
  lease: string;
}

export interface SubnetWatchHandlers {
  /** The leases present now; each later call replaces the earlier picture. */
  reset(records: SubnetRecord[]): void;
  put(record: SubnetRecord): void;
  delete(subnet: string): void;
}

/** Every key under subnetsPrefix that names a subnet, with the revision read at. */
export async function listSubnets(client: Etcd3, subnetsPrefix: string, log: (m: string) => void): Promise<{ records: SubnetRecord[]; revision: number }> {
  const response = await client.getAll().prefix(subnetsPrefix).exec();
  const records: SubnetRecord[] = [];
  for (const kv of response.kvs) {
    const subnet = parseSubnetKey(kv.key.toString());
    if (!subnet) {
      log(`flannel: Ignoring bad subnet node: failed to parse subnet key ${kv.key.toString()}`);
      continue;
    }
    records.push({ subnet, value: kv.value.toString(), lease: kv.lease });
  }
  return { records, revision: Number(response.header.revision) };
}

const backoffMs = { initial: 100, max: 5000 };

export class SubnetWatch {
  readonly #client: Etcd3;
  readonly #prefix: string;
  readonly #handlers: SubnetWatchHandlers;
  readonly #log: (m: string) => void;
  readonly #stopping = new AbortController();
  #watcher: Watcher | undefined;
  #lastRevision = 0;

  constructor(client: Etcd3, subnetsPrefix: string, handlers: SubnetWatchHandlers, log: (m: string) => void) {
    this.#client = client;
    this.#prefix = subnetsPrefix;
    this.#handlers = handlers;
    this.#log = log;
  }

  /** Lists and delivers the leases present, then watches from there; resolves once etcd accepted the watch. */
  async start(): Promise<void> {
    const { records, revision } = await listSubnets(this.#client, this.#prefix, this.#log);
    this.#handlers.reset(records);
    await this.#watchAfter(revision);
  }

  async #watchAfter(revision: number): Promise<void> {
    this.#lastRevision = revision;
    const watcher = this.#client.watch().prefix(this.#prefix).startRevision(String(revision + 1)).watcher();
    this.#watcher = watcher;
    const accepted = new Promise<void>((resolve, reject) => {
      watcher.once('connected', () => resolve());
      watcher.once('error', reject);
    });
    watcher.on('data', (response: IWatchResponse) => this.#receive(response));
    watcher.on('disconnected', () => {
      // etcd3 resumes after the last header revision it saw, which may be past the last event delivered.
      watcher.request.start_revision = String(this.#lastRevision + 1);
    });
    await accepted;
    watcher.on('error', (err: Error) => void this.#resync(watcher, err));
  }

  #receive(response: IWatchResponse): void {
    if (this.#stopping.signal.aborted) return;
    for (const event of response.events) {
      const revision = Number(event.kv.mod_revision);
      if (revision <= this.#lastRevision) continue;
      this.#lastRevision = revision;
      const key = event.kv.key.toString();
      const subnet = parseSubnetKey(key);
      if (!subnet) {
        this.#log(`flannel: ${event.type} "${key}": not a subnet, skipping`);
        continue;
      }
      if (event.type === 'Delete') this.#handlers.delete(subnet);
      else this.#handlers.put({ subnet, value: event.kv.value.toString(), lease: event.kv.lease });
    }
  }

  /** etcd ended the watch: list again and watch from the listing's revision, backing off while etcd refuses. */
  async #resync(ended: Watcher, err: Error): Promise<void> {
    if (this.#stopping.signal.aborted || ended !== this.#watcher) return;
    this.#log(`flannel: etcd watch for ${this.#prefix} ended (${err.message}), re-listing and resuming`);
    void ended.cancel().catch(() => undefined);
    for (let delay = backoffMs.initial; ; delay = Math.min(delay * 2, backoffMs.max)) {
      try {
        await this.start();
        return;
      } catch (failed) {
        if (this.#stopping.signal.aborted) return;
        this.#log(`flannel: failed to re-list subnets: ${(failed as Error).message}`);
      }
      try {
        await sleep(delay, undefined, { signal: this.#stopping.signal });
      } catch {
        return;
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    const watcher = this.#watcher;
    this.#watcher = undefined;
    if (!watcher) return;
    // cancel() waits for etcd's confirmation, which a lost stream never brings.
    await Promise.race([watcher.cancel(), new Promise((resolve) => watcher.once('disconnected', resolve))]);
  }
}
