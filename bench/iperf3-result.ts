// The figures of one iperf3 TCP test from its JSON report (iperf3 -c … -J).
// iperf3 writes the report even when the test fails, with an "error" field.

export interface Iperf3Result {
  /** Bits per second the receiver counted over the whole test. */
  receivedBitsPerSecond: number;
  /** Bits per second the sender wrote. */
  sentBitsPerSecond: number;
  /** TCP retransmissions the sender's kernel counted. */
  retransmits: number;
}

interface Iperf3Sum {
  bits_per_second?: unknown;
  retransmits?: unknown;
}

function bitsPerSecond(sum: Iperf3Sum | undefined, which: string): number {
  const value = sum?.bits_per_second;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`the iperf3 report has no end.${which}.bits_per_second`);
  return value;
}

export function parseIperf3Json(text: string): Iperf3Result {
  let report: { error?: unknown; end?: { sum_sent?: Iperf3Sum; sum_received?: Iperf3Sum } };
  try {
    report = JSON.parse(text) as typeof report;
  } catch {
    throw new Error(`iperf3 did not write a JSON report: ${text.slice(0, 200)}`);
  }
  if (typeof report.error === 'string') throw new Error(`iperf3: ${report.error}`);
  const retransmits = report.end?.sum_sent?.retransmits;
  return {
    receivedBitsPerSecond: bitsPerSecond(report.end?.sum_received, 'sum_received'),
    sentBitsPerSecond: bitsPerSecond(report.end?.sum_sent, 'sum_sent'),
    retransmits: typeof retransmits === 'number' ? retransmits : 0,
  };
}
