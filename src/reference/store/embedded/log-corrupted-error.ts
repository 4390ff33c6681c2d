/** The embedded store's log holds damage that a crash cannot explain; the store will not open on it. */
export class LogCorruptedError extends Error {
  readonly path: string;
  constructor(path: string, detail: string) {
    super(
      `store log ${path} is damaged: ${detail}. Restore the data dir from a backup, ` +
        'or move the file aside to start with an empty store',
    );
    this.name = 'LogCorruptedError';
    this.path = path;
  }
}
