// iperf3 -J reports → the benchmark's figures. The reports are iperf 3.12's
// (Debian bookworm's, as in the probe image), trimmed to what is read.
import t from 'tap';
import { parseIperf3Json } from '../../bench/iperf3-result.ts';

const completed = JSON.stringify({
  start: { version: 'iperf 3.12', connected: [{ local_host: '10.244.1.3', remote_host: '10.244.0.5', remote_port: 5201 }] },
  intervals: [],
  end: {
    streams: [],
    sum_sent: { start: 0, end: 5.000154, seconds: 5.000154, bytes: 3447193600, bits_per_second: 5515373439.2, retransmits: 4, sender: true },
    sum_received: { start: 0, end: 5.000207, seconds: 5.000207, bytes: 3447193600, bits_per_second: 5515314973.1, sender: true },
    cpu_utilization_percent: { host_total: 96.1, remote_total: 41.2 },
  },
});

t.test('a completed test: both ends\' rates and the sender\'s retransmissions', async (t) => {
  t.same(parseIperf3Json(completed), { receivedBitsPerSecond: 5515314973.1, sentBitsPerSecond: 5515373439.2, retransmits: 4 });
});

t.test('a sender without retransmission counts (not Linux) counts none', async (t) => {
  const report = JSON.parse(completed) as { end: { sum_sent: Record<string, unknown> } };
  delete report.end.sum_sent.retransmits;
  t.equal(parseIperf3Json(JSON.stringify(report)).retransmits, 0);
});

t.test('a failed test: iperf3\'s error, not a figure', async (t) => {
  const failed = JSON.stringify({ start: { connected: [], version: 'iperf 3.12' }, intervals: [], end: {}, error: 'unable to connect to server: Connection refused' });
  t.throws(() => parseIperf3Json(failed), { message: 'iperf3: unable to connect to server: Connection refused' });
});

t.test('a report without the sums, or no report at all', async (t) => {
  t.throws(() => parseIperf3Json(JSON.stringify({ end: { sum_sent: { bits_per_second: 1 } } })), { message: /no end\.sum_received\.bits_per_second/ });
  t.throws(() => parseIperf3Json('iperf3: error - unable to connect'), { message: /did not write a JSON report: iperf3: error/ });
});
