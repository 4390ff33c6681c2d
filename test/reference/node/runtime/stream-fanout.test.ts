import t from 'tap';
import { StreamFanout } from '../../../../src/reference/node/runtime/stream-fanout.ts';

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => resolve(text));
  });
}

t.test('each subscriber gets what is written from when it subscribed until it leaves or the stream ends', async (t) => {
  const fanout = new StreamFanout();
  fanout.write(Buffer.from('before\n'));
  const early = fanout.subscribe();
  const earlyText = collect(early);
  fanout.write(Buffer.from('one\n'));
  const late = fanout.subscribe();
  const lateText = collect(late);
  fanout.write(Buffer.from('two\n'));
  fanout.unsubscribe(early);
  fanout.write(Buffer.from('three\n'));
  fanout.end();
  t.equal(await earlyText, 'one\ntwo\n');
  t.equal(await lateText, 'two\nthree\n');
  t.equal(await collect(fanout.subscribe()), '', 'a subscriber after the end gets an ended stream');
});
