// A work queue as client-go's: a key is queued once however often it is added,
// processed by one worker at a time, retried with per-key exponential back-off
// (5 ms doubling to 1000 s) when the handler throws, and forgotten on success.
export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  /** Start `workers` loops calling handler(key); stops with stop(). */
  run(workers: number, handler: (key: string) => Promise<void>): void;
  stop(): Promise<void>;
  /** Keys waiting or being processed (for tests and metrics). */
  length(): number;
}
