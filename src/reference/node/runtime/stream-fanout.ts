// Copies a container's live output to the clients attached to it (kubectl
// attach), each from the moment it attached, without holding up the log.
import { PassThrough } from 'node:stream';

export class StreamFanout {
  readonly #outputs = new Set<PassThrough>();
  #ended = false;

  /** A new stream that receives what is written from now on. */
  subscribe(): PassThrough {
    const output = new PassThrough();
    if (this.#ended) output.end();
    else this.#outputs.add(output);
    return output;
  }

  unsubscribe(output: PassThrough): void {
    if (this.#outputs.delete(output)) output.end();
  }

  write(chunk: Buffer): void {
    for (const output of this.#outputs) output.write(chunk);
  }

  end(): void {
    this.#ended = true;
    for (const output of this.#outputs) output.end();
    this.#outputs.clear();
  }
}
