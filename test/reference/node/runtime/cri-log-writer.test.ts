import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { criLogLine, rfc3339Nano } from '../../../../src/reference/node/runtime/cri-log-format.ts';
import { CriLogWriter } from '../../../../src/reference/node/runtime/cri-log-writer.ts';
import { LogLineSplitter } from '../../../../src/reference/node/runtime/log-line-splitter.ts';
import { excessRotatedLogs, rotatedLogNames, rotatedLogPath } from '../../../../src/reference/node/runtime/log-rotation.ts';

function directory(t: { teardown(fn: () => void): void }): string {
  const path = mkdtempSync(join(tmpdir(), 'kdrill-cri-log-'));
  t.teardown(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

function finish(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

t.test('RFC3339Nano as Go prints it: UTC, nanoseconds without trailing zeros', async (t) => {
  t.equal(rfc3339Nano(1475713029669794202n), '2016-10-06T00:17:09.669794202Z');
  t.equal(rfc3339Nano(1475713029669794200n), '2016-10-06T00:17:09.6697942Z');
  t.equal(rfc3339Nano(1475713029000000000n), '2016-10-06T00:17:09Z');
  t.equal(criLogLine(1475713029669794202n, 'stderr', 'P', Buffer.from('half')).toString(), '2016-10-06T00:17:09.669794202Z stderr P half\n');
});

t.test('lines: F per newline (\\r\\n too), P for cuts at the maximum and for the rest at the end', async (t) => {
  const splitter = new LogLineSplitter(8);
  const records = [
    ...splitter.push(Buffer.from('one\r\ntw')),
    ...splitter.push(Buffer.from('o\n\nabcdefghijkl')),
    ...splitter.push(Buffer.from('mnopqrstuvw\n')),
    ...splitter.push(Buffer.from('tail')),
    ...splitter.end(),
  ];
  t.same(
    records.map((record) => `${record.tag}:${record.content.toString()}`),
    ['F:one', 'F:two', 'F:', 'P:abcdefgh', 'P:ijklmnop', 'F:qrstuvw', 'P:tail'],
  );
  t.same(splitter.end(), []);
});

t.test('rotated names and which rotated files go', async (t) => {
  t.equal(rotatedLogPath('/var/log/pods/ns_p_u/c/0.log', new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '/var/log/pods/ns_p_u/c/0.log.20260102-030405');
  const names = rotatedLogNames('/x/0.log', ['0.log', '0.log.20260102-030407', '1.log.20260102-030401', '0.log.20260102-030405', '0.log.tmp', '0.log.20260102-030406']);
  t.same(names, ['0.log.20260102-030405', '0.log.20260102-030406', '0.log.20260102-030407']);
  t.same(excessRotatedLogs(names, 3), ['0.log.20260102-030405']);
  t.same(excessRotatedLogs(names, 5), []);
});

t.test('the writer appends stdout and stderr records and rotates by size, keeping maxFiles files', async (t) => {
  const dir = directory(t);
  const path = join(dir, 'c', '0.log');
  // Two rotated files from earlier seconds are already there; one must go when the writer rotates.
  const writer = new CriLogWriter(join(dir, 'c', '0.log'), { maxSizeBytes: 200, maxFiles: 3 });
  writeFileSync(`${path}.20200101-000000`, 'oldest\n');
  writeFileSync(`${path}.20200101-000001`, 'older\n');
  const stdout = writer.stream('stdout');
  const stderr = writer.stream('stderr');
  stdout.write('first line\nsecond ');
  stderr.write('an error\n');
  stdout.write('line\n');
  const beforeRotation = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ').slice(1).join(' '));
  t.same(beforeRotation, ['stdout F first line', 'stderr F an error', 'stdout F second line']);
  stdout.write(`${'x'.repeat(150)}\n`);
  await finish(stdout);
  await finish(stderr);
  writer.close();
  const names = readdirSync(join(dir, 'c')).sort();
  t.equal(names.length, 3, 'the current file and two rotated ones');
  t.same(names.slice(0, 2), ['0.log', '0.log.20200101-000001']);
  t.match(names[2], /^0\.log\.\d{8}-\d{6}$/);
  t.match(readFileSync(join(dir, 'c', names[2] ?? ''), 'utf8'), / stdout F x{150}\n$/, 'the file that passed the size was rotated');
  t.equal(readFileSync(path, 'utf8'), '', 'a new current file was started');
});

t.test('a second rotation within the same second waits for the next second rather than overwrite', async (t) => {
  const dir = directory(t);
  const path = join(dir, '0.log');
  let now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 100));
  const writer = new CriLogWriter(path, { maxSizeBytes: 10, maxFiles: 5 }, { now: () => now });
  const stdout = writer.stream('stdout');
  stdout.write('first line over ten bytes\n');
  now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 900));
  stdout.write('second line over ten bytes\n');
  t.match(readFileSync(`${path}.20260102-030405`, 'utf8'), / stdout F first line over ten bytes\n$/);
  t.match(readFileSync(path, 'utf8'), / stdout F second line over ten bytes\n$/, 'kept in the current file');
  now = new Date(Date.UTC(2026, 0, 2, 3, 4, 6, 0));
  stdout.write('third\n');
  await finish(stdout);
  writer.close();
  t.same(readdirSync(dir).sort(), ['0.log', '0.log.20260102-030405', '0.log.20260102-030406']);
  t.equal(readFileSync(`${path}.20260102-030406`, 'utf8').split('\n').filter(Boolean).length, 2, 'rotated with the next line');
});
