// The contract every store backend keeps: an MVCC key-value store in the shape
// kube-apiserver expects of etcd. Every successful write bumps one global
// revision; a key remembers the revision that created it and the one that last
// changed it (its resourceVersion, to the API server).

export interface KeyValue {
  key: string;
  /** The stored bytes, as a UTF-8 string (the API server stores JSON). */
  value: string;
  createRevision: number;
  modRevision: number;
}

export interface WatchEvent {
  type: 'put' | 'delete';
  /** For a put the new value; for a delete the key with an empty value. */
  kv: KeyValue;
  /** The value before this event, when there was one. */
  prevKv?: KeyValue;
  /** The revision of the write that made this event. */
  revision: number;
}

export interface ListOptions {
  /**
   * List as of this revision (0 or absent: the latest). Older than the
   * compaction: CompactedError; newer than the store: FutureRevisionError.
   */
  revision?: number;
  /** At most this many items; `more` tells whether any were left. */
  limit?: number;
  /** Start at this key (inclusive), within the prefix; used for continue tokens. */
  startKey?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  more: boolean;
}

export interface Watcher {
  /** Stop delivering events; resolves once no more will arrive. */
  close(): Promise<void>;
}

export interface WatchHandlers {
  /** Events arrive in revision order, each once. */
  onEvents(events: WatchEvent[]): void;
  /** The watch ended on its own (backend failure, or compaction passed it). No more events follow. */
  onError(err: Error): void;
  /**
   * Called with the store's revision when a stretch of time passed with no event
   * (backends that know their progress); the API server turns it into a BOOKMARK.
   */
  onProgress?(revision: number): void;
}

export interface Store {
  /** The latest revision. */
  revision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys that start with prefix, sorted by key. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Create a key that must not exist (KeyExistsError otherwise). */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Compare-and-swap: replace the value only while the key's modRevision is
   * still expectedModRevision (ConflictError otherwise; KeyNotFoundError if gone).
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /**
   * Delete a key, only while its modRevision is expectedModRevision when that
   * is given. Returns the value it had, with the revision of the delete in
   * `revision`.
   */
  delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }>;
  /**
   * Events on keys under prefix with a revision greater than afterRevision,
   * replaying history first. afterRevision older than the last compaction
   * throws CompactedError (the API server's 410 Gone). Handlers are called
   * on later turns, never from inside watch() or a write.
   */
  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Promise<Watcher>;
  /**
   * Forget history before revision. Gets, lists and watches from there on keep
   * working. A revision at or below the last compaction changes nothing; one
   * newer than the store throws FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /** The revision of the last compaction (0 when none). */
  compactedRevision(): Promise<number>;
  /** Let queued writes finish, end every open watch (onError), and release the backend. */
  close(): Promise<void>;
}

export class KeyExistsError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`key ${key} already exists`);
    this.name = 'KeyExistsError';
    this.key = key;
  }
}

export class KeyNotFoundError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`key ${key} not found`);
    this.name = 'KeyNotFoundError';
    this.key = key;
  }
}

export class ConflictError extends Error {
  readonly key: string;
  readonly actualModRevision: number;
  constructor(key: string, expected: number, actual: number) {
    super(`key ${key} was modified: expected revision ${expected}, found ${actual}`);
    this.name = 'ConflictError';
    this.key = key;
    this.actualModRevision = actual;
  }
}

export class CompactedError extends Error {
  readonly requested: number;
  readonly compacted: number;
  constructor(requested: number, compacted: number) {
    super(`required revision ${requested} has been compacted (compacted up to ${compacted})`);
    this.name = 'CompactedError';
    this.requested = requested;
    this.compacted = compacted;
  }
}

export class FutureRevisionError extends Error {
  readonly requested: number;
  readonly current: number;
  constructor(requested: number, current: number) {
    super(`required revision ${requested} is newer than the store's revision ${current}`);
    this.name = 'FutureRevisionError';
    this.requested = requested;
    this.current = current;
  }
}
