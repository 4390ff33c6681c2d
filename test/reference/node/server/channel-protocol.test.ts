import t from 'tap';
import {
  channel, decodeFrame, decodeResize, encodeFrame, exitStatus, failureStatus, selectChannelProtocol, v4ChannelProtocol, v5ChannelProtocol,
} from '../../../../src/reference/node/server/channel-protocol.ts';

t.test('the first offered protocol the server speaks wins', async (t) => {
  t.equal(selectChannelProtocol([v5ChannelProtocol, v4ChannelProtocol, 'v3.channel.k8s.io']), v5ChannelProtocol);
  t.equal(selectChannelProtocol(['v3.channel.k8s.io', v4ChannelProtocol]), v4ChannelProtocol);
  t.equal(selectChannelProtocol(['channel.k8s.io', 'base64.channel.k8s.io']), undefined);
  t.equal(selectChannelProtocol(new Set<string>()), undefined);
});

t.test('frames carry their channel in the first byte', async (t) => {
  t.same([...encodeFrame(channel.stdout, 'hi')], [1, 104, 105]);
  t.same([...encodeFrame(channel.error, Buffer.alloc(0))], [3]);
  t.same(decodeFrame(Buffer.from([0, 120, 10])), { channel: 0, data: Buffer.from('x\n') });
  t.same(decodeFrame(Buffer.from([channel.close, channel.stdin])), { channel: 255, data: Buffer.from([0]) }, 'v5: the client closed stdin');
  t.equal(decodeFrame(Buffer.alloc(0)), undefined);
});

t.test('resize messages', async (t) => {
  t.same(decodeResize(Buffer.from('{"Width":120,"Height":40}')), { columns: 120, rows: 40 });
  t.equal(decodeResize(Buffer.from('{"Width":"wide"}')), undefined);
  t.equal(decodeResize(Buffer.from('not json')), undefined);
});

t.test('the error channel\'s Status', async (t) => {
  t.same(exitStatus(['sh', '-c', 'true'], 0), { metadata: {}, status: 'Success' });
  t.same(exitStatus(['sh', '-c', 'exit 3'], 3), {
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  }, 'kubectl reads the exit code from the ExitCode cause');
  t.same(failureStatus('no such file'), { metadata: {}, status: 'Failure', message: 'no such file' });
});
