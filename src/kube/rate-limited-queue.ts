// The WorkQueue of work-queue.ts, as client-go's rate-limited queue: a set of
// dirty keys in FIFO order, a set of keys being processed (never handed to a
// second worker; re-added ones go back in the queue once done), and per-key
// exponential back-off for keys whose handler threw.
import { ApiRequestError } from './api-client.ts';
import type { WorkQueue } from './work-queue.ts';

export interface WorkQueueOptions {
  /** Delay before the first retry of a failing key (default 5 ms); doubles per failure. */
  baseDelayMs?: number;
  /** Cap of the retry delay (default 1000 s). */
  maxDelayMs?: number;
  /** Where handler failures go (default console.error). */
  log?: (message: string) => void;
}

export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const baseDelayMs = options.baseDelayMs ?? 5;
  const maxDelayMs = options.maxDelayMs ?? 1_000_000;
  const log = options.log ?? ((m: string) => console.error(m));

  const queue: string[] = [];
  const dirty = new Set<string>();
  const processing = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const idleWorkers: ((key: string | undefined) => void)[] = [];
  const workers: Promise<void>[] = [];
  let stopped = false;

  function enqueue(key: string): void {
    const worker = idleWorkers.shift();
    if (worker) {
      dirty.delete(key);
      processing.add(key);
      worker(key);
    } else {
      queue.push(key);
    }
  }

  function add(key: string): void {
    if (stopped || dirty.has(key)) return;
    dirty.add(key);
    if (!processing.has(key)) enqueue(key);
  }

  function addAfter(key: string, delayMs: number): void {
    if (stopped) return;
    if (delayMs <= 0) return add(key);
    const timer = setTimeout(() => {
      timers.delete(timer);
      add(key);
    }, delayMs);
    timers.add(timer);
  }

  function next(): Promise<string | undefined> {
    if (stopped) return Promise.resolve(undefined);
    const key = queue.shift();
    if (key === undefined) return new Promise((resolve) => idleWorkers.push(resolve));
    dirty.delete(key);
    processing.add(key);
    return Promise.resolve(key);
  }

  function done(key: string): void {
    processing.delete(key);
    if (dirty.has(key)) enqueue(key);
  }

  function retryDelay(key: string): number {
    const n = failures.get(key) ?? 0;
    failures.set(key, n + 1);
    return Math.min(baseDelayMs * 2 ** n, maxDelayMs);
  }

  async function work(handler: (key: string) => Promise<void>): Promise<void> {
    for (let key = await next(); key !== undefined; key = await next()) {
      try {
        await handler(key);
        failures.delete(key);
      } catch (err) {
        const delay = retryDelay(key);
        // A 409 means another writer got there first: routine for controllers, retried without a word.
        if (!(err instanceof ApiRequestError && err.code === 409)) {
          log(`work queue: ${key}: ${(err as Error)?.message ?? String(err)}; retrying in ${delay} ms`);
        }
        addAfter(key, delay);
      } finally {
        done(key);
      }
    }
  }

  return {
    add,
    addAfter,
    run(count, handler) {
      for (let i = 0; i < count; i++) workers.push(work(handler));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const worker of idleWorkers.splice(0)) worker(undefined);
      await Promise.all(workers);
    },
    length: () => new Set([...dirty, ...processing]).size,
  };
}
