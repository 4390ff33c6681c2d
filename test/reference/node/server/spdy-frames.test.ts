import t from 'tap';
import {
  controlStreamId, decodeHeaderBlock, encodeControlFrame, encodeDataFrame, encodeHeaderBlock, flagFin, frameType, HeaderCompression,
  SpdyFrameReader, spdyDictionary, uint32,
} from '../../../../src/reference/node/server/spdy-frames.ts';
import { adler32 } from './fixtures/adler32.ts';

t.test('frames split anywhere in the byte stream come out whole', async (t) => {
  const ping = encodeControlFrame(frameType.ping, 0, uint32(7));
  const data = encodeDataFrame(3, flagFin, Buffer.from('hello'));
  t.same([...ping.subarray(0, 8)], [0x80, 3, 0, 6, 0, 0, 0, 4], 'control bit, version 3, type, flags, length');
  t.same([...data.subarray(0, 8)], [0, 0, 0, 3, 1, 0, 0, 5], 'stream id, FIN, length');
  const reader = new SpdyFrameReader();
  const bytes = Buffer.concat([ping, data]);
  const frames = [...reader.push(bytes.subarray(0, 5)), ...reader.push(bytes.subarray(5, 14)), ...reader.push(bytes.subarray(14))];
  t.same(frames, [
    { control: true, type: frameType.ping, flags: 0, data: uint32(7) },
    { control: false, streamId: 3, flags: flagFin, data: Buffer.from('hello') },
  ]);
  const reply = encodeControlFrame(frameType.synReply, 0, Buffer.concat([uint32(5), Buffer.from([1, 2])]));
  const [parsed] = new SpdyFrameReader().push(reply);
  t.equal(parsed?.control && controlStreamId(parsed), 5);
});

t.test('header blocks', async (t) => {
  const block = encodeHeaderBlock({ streamType: 'data', port: '8080' });
  t.same(decodeHeaderBlock(block), { streamtype: 'data', port: '8080' }, 'names are lower-case');
  t.same(decodeHeaderBlock(encodeHeaderBlock({})), {});
});

t.test('the SPDY/3 dictionary is the one peers expect (its Adler-32 goes in every zlib header)', async (t) => {
  t.equal(spdyDictionary.length, 1423);
  // DICTID of SPDY/3 header blocks, as Chromium and Go's spdy framer check it.
  t.equal(adler32(spdyDictionary), 0xe3c6a7c2);
});

t.test('header compression keeps one context per direction', async (t) => {
  const a = new HeaderCompression();
  const b = new HeaderCompression();
  t.teardown(() => {
    a.close();
    b.close();
  });
  const first = await a.encode({ streamtype: 'error', port: '80', requestid: '0' });
  const second = await a.encode({ streamtype: 'error', port: '80', requestid: '1' });
  t.ok(second.length < first.length, 'the second block refers back to the first');
  t.same(await b.decode(first), { streamtype: 'error', port: '80', requestid: '0' });
  t.same(await b.decode(second), { streamtype: 'error', port: '80', requestid: '1' });
});
