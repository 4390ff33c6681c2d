// One line of a CRI log file, as containerd writes it and the kubelet reads
// it: "<RFC3339Nano time> <stream> <P|F> <content>\n"; P marks a line split
// because it was longer than the maximum or not ended by a newline.

export type LogStream = 'stdout' | 'stderr';
export type LogTag = 'P' | 'F';

/** Go's time.RFC3339Nano in UTC: nanoseconds with trailing zeros dropped. */
export function rfc3339Nano(epochNanos: bigint): string {
  const millis = epochNanos / 1_000_000n;
  const iso = new Date(Number(millis)).toISOString();
  const nanos = (epochNanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${nanos === '' ? '' : `.${nanos}`}Z`;
}

export function criLogLine(epochNanos: bigint, stream: LogStream, tag: LogTag, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${rfc3339Nano(epochNanos)} ${stream} ${tag} `), content, Buffer.from('\n')]);
}

const wallClockAtStart = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** Nanoseconds since the epoch, with the resolution of the monotonic clock. */
export function nowEpochNanos(): bigint {
  return wallClockAtStart + process.hrtime.bigint();
}
