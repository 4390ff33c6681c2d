import t from 'tap';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fixedNanoTimestamp, parseCriLine, readContainerLog, type LogReadOptions } from '../../../../src/reference/node/server/cri-log-reader.ts';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const done = Promise.resolve();
const base = { follow: false, timestamps: false };

t.test('parseCriLine', async (t) => {
  t.same(parseCriLine('2026-01-02T03:04:05.123456789Z stdout F hello world'), {
    timestamp: '2026-01-02T03:04:05.123456789Z', time: new Date('2026-01-02T03:04:05.123Z'), stream: 'stdout', full: true, content: 'hello world',
  });
  t.match(parseCriLine('2026-01-02T03:04:05Z stderr P part'), { stream: 'stderr', full: false, content: 'part' });
  t.match(parseCriLine('2026-01-02T03:04:05Z stdout F'), { content: '' }, 'an empty line');
  t.match(parseCriLine('2026-01-02T03:04:05Z stdout F:x  two  spaces'), { full: true, content: ' two  spaces' }, 'tag with attributes; content kept as is');
  t.equal(parseCriLine('not a log line'), undefined);
  t.equal(parseCriLine('2026-01-02T03:04:05Z stdin F x'), undefined, 'unknown stream');
  t.equal(parseCriLine('2026-01-02T03:04:05Z stdout X x'), undefined, 'unknown tag');
  t.equal(parseCriLine('yesterday stdout F x'), undefined, 'bad time');
});

t.test('fixedNanoTimestamp pads or cuts the fraction to nine digits', async (t) => {
  t.equal(fixedNanoTimestamp('2026-01-02T03:04:05.1Z'), '2026-01-02T03:04:05.100000000Z');
  t.equal(fixedNanoTimestamp('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000000000Z');
  t.equal(fixedNanoTimestamp('2026-01-02T03:04:05.123456789+02:00'), '2026-01-02T03:04:05.123456789+02:00');
});

t.test('options select and shape the entries', async (t) => {
  const dir = t.testdir();
  const path = join(dir, '0.log');
  writeFileSync(path, [
    '2026-01-01T00:00:00.5Z stdout F first',
    'garbage that is skipped',
    '2026-01-01T00:00:01Z stdout P par',
    '2026-01-01T00:00:02Z stdout F tial',
    '2026-01-01T00:00:03Z stderr F last',
    '',
  ].join('\n'));
  const read = (o: Partial<LogReadOptions>) => readAll(readContainerLog(path, { ...base, ...o }, done));
  t.equal(await read({}), 'first\npartial\nlast\n');
  t.equal(await read({ tailLines: 1 }), 'last\n', 'tail counts file lines');
  t.equal(await read({ tailLines: 0 }), '');
  t.equal(await read({ tailLines: 100 }), 'first\npartial\nlast\n');
  t.equal(await read({ since: new Date('2026-01-01T00:00:01Z') }), 'partial\nlast\n');
  t.equal(await read({ limitBytes: 8 }), 'first\npa');
  t.equal(await read({ timestamps: true, since: new Date('2026-01-01T00:00:01Z') }),
    '2026-01-01T00:00:01.000000000Z partial\n2026-01-01T00:00:03.000000000Z last\n',
    'one timestamp per line, from the line\'s first entry');
});

t.test('follow reads what is appended, across rotation, until the container ends', async (t) => {
  const dir = t.testdir();
  const path = join(dir, '0.log');
  writeFileSync(path, '2026-01-01T00:00:00Z stdout F one\n');
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const stream = readContainerLog(path, { follow: true, timestamps: false }, ended);
  let seen = '';
  const waitFor = (text: string) => new Promise<void>((resolve) => {
    const check = () => {
      if (!seen.includes(text)) return;
      stream.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      check();
    };
    stream.on('data', onData);
    check();
  });
  await waitFor('one\n');
  appendFileSync(path, '2026-01-01T00:00:01Z stdout F two\n');
  await waitFor('two\n');
  appendFileSync(path, '2026-01-01T00:00:02Z stdout F three\n');
  renameSync(path, `${path}.20260101-000002`);
  writeFileSync(path, '2026-01-01T00:00:03Z stdout F four\n');
  await waitFor('four\n');
  appendFileSync(path, '2026-01-01T00:00:04Z stdout F five\n');
  end();
  const rest = await readAll(stream);
  t.equal(seen + rest, 'one\ntwo\nthree\nfour\nfive\n', 'nothing lost or repeated around the rotation; the last write is read after the end');
});

t.test('follow stops at limitBytes, and a destroyed stream stops reading', async (t) => {
  const dir = t.testdir();
  const path = join(dir, '0.log');
  writeFileSync(path, '2026-01-01T00:00:00Z stdout F 0123456789\n');
  const never = new Promise<void>(() => undefined);
  t.equal(await readAll(readContainerLog(path, { follow: true, timestamps: false, limitBytes: 4 }, never)), '0123');
  const stream = readContainerLog(path, { follow: true, timestamps: false }, never);
  const first = await new Promise<string>((resolve) => stream.once('data', (c: Buffer) => resolve(c.toString())));
  t.equal(first, '0123456789\n');
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  stream.destroy();
  await closed;
  t.pass('closed while waiting for more');
});

t.test('a missing file is an error on the stream', async (t) => {
  const stream = readContainerLog(join(t.testdir(), 'absent.log'), base, done);
  await t.rejects(readAll(stream), { code: 'ENOENT' });
});
