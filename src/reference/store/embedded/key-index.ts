// Every key's version history, so that a read at an older revision sees the
// value the key had then. Keys are kept sorted for prefix listing, by UTF-16
// code unit, which is etcd's byte order for every key without characters
// beyond U+FFFF.
import type { KeyValue } from '../store.ts';

/** A change to a key: its new value, or its deletion when kv is absent. */
interface Version {
  revision: number;
  kv: KeyValue | undefined;
}

export interface KeyRange {
  items: KeyValue[];
  more: boolean;
}

/** A rough per-version overhead, for estimating how many log bytes the retained history needs. */
const versionOverheadBytes = 64;

export class KeyIndex {
  private readonly histories = new Map<string, Version[]>();
  private sortedKeys: string[] = [];
  private retained = 0;

  /** Roughly how many bytes a log holding only the retained history would take. */
  get retainedBytes(): number {
    return this.retained;
  }

  /** The newest value of key, counting writes that are not yet durable; undefined once deleted. */
  latest(key: string): KeyValue | undefined {
    return this.histories.get(key)?.at(-1)?.kv;
  }

  put(kv: KeyValue): void {
    this.record(kv.key, { revision: kv.modRevision, kv });
  }

  delete(key: string, revision: number): void {
    this.record(key, { revision, kv: undefined });
  }

  get(key: string, revision: number): KeyValue | undefined {
    const history = this.histories.get(key);
    return history && versionAt(history, revision)?.kv;
  }

  /** Keys from startKey on that start with prefix, as of revision; limit 0 means all. */
  range(prefix: string, startKey: string, revision: number, limit: number): KeyRange {
    const items: KeyValue[] = [];
    const from = startKey > prefix ? startKey : prefix;
    for (let i = lowerBound(this.sortedKeys, from); i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i]!;
      if (!key.startsWith(prefix)) break;
      const kv = this.get(key, revision);
      if (!kv) continue;
      if (limit > 0 && items.length === limit) return { items, more: true };
      items.push(kv);
    }
    return { items, more: false };
  }

  /** Every key that had a value at revision, oldest write first. */
  valuesAt(revision: number): KeyValue[] {
    const values: KeyValue[] = [];
    for (const history of this.histories.values()) {
      const kv = versionAt(history, revision)?.kv;
      if (kv) values.push(kv);
    }
    return values.sort((a, b) => a.modRevision - b.modRevision);
  }

  /** Forget versions that no read at revision or later can see. */
  compact(revision: number): void {
    let removedKeys = false;
    for (const [key, history] of this.histories) {
      const visible = indexAt(history, revision);
      if (visible < 0) continue;
      const keepFrom = history[visible]!.kv ? visible : visible + 1;
      for (const version of history.slice(0, keepFrom)) this.retained -= sizeOf(key, version);
      history.splice(0, keepFrom);
      if (history.length === 0) {
        this.histories.delete(key);
        removedKeys = true;
      }
    }
    if (removedKeys) this.sortedKeys = this.sortedKeys.filter((key) => this.histories.has(key));
  }

  private record(key: string, version: Version): void {
    let history = this.histories.get(key);
    if (!history) {
      history = [];
      this.histories.set(key, history);
      this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
    }
    history.push(version);
    this.retained += sizeOf(key, version);
  }
}

function versionAt(history: Version[], revision: number): Version | undefined {
  const index = indexAt(history, revision);
  return index < 0 ? undefined : history[index];
}

/** The index of the last version at or before revision, or -1. */
function indexAt(history: Version[], revision: number): number {
  let low = 0;
  let high = history.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (history[middle]!.revision <= revision) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function lowerBound(sorted: string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sizeOf(key: string, version: Version): number {
  return key.length + (version.kv?.value.length ?? 0) + versionOverheadBytes;
}
