import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PodAddressesExhaustedError, PodIpam } from '../../../../src/reference/node/runtime/pod-ipam.ts';

function directory(t: { teardown(fn: () => void): void }): string {
  const path = mkdtempSync(join(tmpdir(), 'kdrill-ipam-'));
  t.teardown(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

t.test('hands out addresses after the gateway, each once, recorded on disk with its owner', async (t) => {
  const dir = directory(t);
  const ipam = new PodIpam(dir, '10.244.3.0/24');
  t.equal(await ipam.allocate('sandbox-a'), '10.244.3.2');
  t.equal(await ipam.allocate('sandbox-b'), '10.244.3.3');
  t.equal(readFileSync(join(dir, '10.244.3.2'), 'utf8'), 'sandbox-a');
  t.same([...(await ipam.held())], [['10.244.3.2', 'sandbox-a'], ['10.244.3.3', 'sandbox-b']]);
});

t.test('a new instance over the same directory never hands out a held address', async (t) => {
  const dir = directory(t);
  const first = new PodIpam(dir, '10.244.3.0/24');
  const held = await first.allocate('live');
  const restarted = new PodIpam(dir, '10.244.3.0/24');
  t.not(await restarted.allocate('new'), held);
});

t.test('a released address is reused only after the others (round robin from the last one)', async (t) => {
  const ipam = new PodIpam(directory(t), '10.244.3.0/24');
  const a = await ipam.allocate('a');
  await ipam.release(a);
  t.equal(await ipam.allocate('b'), '10.244.3.3');
  await ipam.release('10.244.3.99');
  t.pass('releasing an address not held is fine');
});

t.test('concurrent allocations get distinct addresses', async (t) => {
  const ipam = new PodIpam(directory(t), '10.244.3.0/24');
  const addresses = await Promise.all(Array.from({ length: 20 }, (_, index) => ipam.allocate(`s${index}`)));
  t.equal(new Set(addresses).size, 20);
});

t.test('a full range says so; allocation wraps around past the broadcast address', async (t) => {
  const ipam = new PodIpam(directory(t), '10.244.3.0/29');
  const addresses = [];
  for (let index = 0; index < 5; index++) addresses.push(await ipam.allocate(`s${index}`));
  t.same(addresses, ['10.244.3.2', '10.244.3.3', '10.244.3.4', '10.244.3.5', '10.244.3.6']);
  await t.rejects(ipam.allocate('one too many'), PodAddressesExhaustedError);
  await ipam.release('10.244.3.3');
  t.equal(await ipam.allocate('again'), '10.244.3.3');
});
