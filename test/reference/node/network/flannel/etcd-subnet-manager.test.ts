// flannel's etcd subnet manager against a real etcd (Debian's 3.4): the
// config, leases in flannel's key layout, renewal, the watch of the other
// nodes' leases, and a TLS etcd with client-certificate auth.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import t, { type Test } from 'tap';
import { configuredSubnetManager } from '../../../../../src/reference/node/network/flannel/configured-subnet-manager.ts';
import { EtcdSubnetManager, type EtcdLeaseTiming } from '../../../../../src/reference/node/network/flannel/etcd-subnet-manager.ts';
import { leaseAttrsJson, type LeaseAttrs } from '../../../../../src/reference/node/network/flannel/lease-attrs.ts';
import type { PeerLease } from '../../../../../src/reference/node/network/flannel/peer-lease.ts';
import { createCertificateAuthority, issueClientCertificate } from '../../../../../src/reference/api/pki.ts';
import { etcdClientOptions } from '../../../../../src/reference/store/etcd-client-options.ts';
import { startTestEtcd, type TestEtcd } from '../../../../helpers/etcd.ts';

const prefix = '/coreos.com/network';
const vxlanConfig = '{"Network":"10.5.0.0/16","Backend":{"Type":"vxlan"}}';
const attrs = (publicIP: string, mac = '0a:58:0a:05:00:01'): LeaseAttrs => ({ publicIP, backend: 'vxlan', vxlan: { vni: 1, vtepMAC: mac } });

interface Harness {
  etcd: TestEtcd;
  /** A plain client for the test's own reads and writes. */
  raw: Etcd3;
  manager(options?: { subnetFile?: string; timing?: Partial<EtcdLeaseTiming> }): EtcdSubnetManager & { lines: string[] };
}

async function harness(t: Test): Promise<Harness> {
  const etcd = await startTestEtcd(t);
  const clients: Etcd3[] = [];
  const managers: EtcdSubnetManager[] = [];
  const client = () => {
    const c = new Etcd3(etcdClientOptions([etcd.endpoint]));
    clients.push(c);
    return c;
  };
  t.teardown(async () => {
    await Promise.all(managers.map((m) => m.stop()));
    clients.forEach((c) => c.close());
  });
  const dir = t.testdir();
  let made = 0;
  return {
    etcd,
    raw: client(),
    manager: (options = {}) => {
      const lines: string[] = [];
      const manager = new EtcdSubnetManager({
        client: client(),
        prefix,
        subnetFile: options.subnetFile ?? join(dir, `subnet-${made++}.env`),
        log: (m) => lines.push(m),
        timing: { configRetry: 0.05, ...options.timing },
      });
      managers.push(manager);
      return Object.assign(manager, { lines });
    },
  };
}

/** Polls until check() holds; fails with what it last saw after 15 s. */
async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

async function leaseOf(raw: Etcd3, key: string): Promise<string | undefined> {
  const response = await raw.get(key).exec();
  return response.kvs[0]?.lease;
}

t.test('the network config: PREFIX/config, awaited while absent, as flanneld waits', async (t) => {
  const h = await harness(t);
  const manager = h.manager();
  const config = manager.networkConfig();
  await eventually('a failed fetch is logged', () => manager.lines.length > 1);
  t.match(manager.lines[0], "flannel: Couldn't fetch network config: flannel config not found in etcd store. Did you create your config using etcdv3 API?");
  await h.raw.put(`${prefix}/config`).value('{"Network":"10.5.0.0/24","Backend":{"Type":"host-gw"}}');
  t.has(await config, { network: '10.5.0.0/24', backend: 'host-gw', subnetLen: 26 });
  t.ok(manager.lines.includes('flannel: Found network config - Backend type: host-gw'));

  const stopped = h.manager();
  await h.raw.delete().key(`${prefix}/config`);
  const waiting = stopped.networkConfig();
  await eventually('it waits', () => stopped.lines.length > 0);
  await stopped.stop();
  await t.rejects(waiting, { name: 'AbortError' }, 'stop() ends the wait');
});

t.test("a fresh lease: flannel's key, value and 24 h TTL, created only if absent", async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const manager = h.manager();
  const subnet = await manager.acquireLease(attrs('172.18.0.2', 'c6:d2:32:6f:8f:44'));
  t.match(subnet, /^10\.5\.\d+\.0\/24$/);
  t.not(subnet, '10.5.0.0/24', 'SubnetMin is the second subnet');
  const key = `${prefix}/subnets/${subnet.replace('/', '-')}`;
  t.same(await h.raw.getAll().prefix(`${prefix}/subnets/`).keys(), [key], 'one key, A.B.C.D-NN');
  t.equal(await h.raw.get(key).string(), '{"PublicIP":"172.18.0.2","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}}');
  const lease = await leaseOf(h.raw, key);
  const ttl = await h.raw.leaseClient.leaseTimeToLive({ ID: lease!, keys: false });
  t.equal(ttl.grantedTTL, '86400', 'an etcd lease of 24 h');
  t.ok(manager.lines.some((l) => l === `flannel: Allocated lease (ip: ${subnet}) to current node (172.18.0.2)`), 'logged as flannel logs it');
});

t.test("reused: this node's lease by its PublicIP, else subnet.env's subnet when free", async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const first = await h.manager().acquireLease(attrs('172.18.0.2'));
  const key = `${prefix}/subnets/${first.replace('/', '-')}`;
  const before = await leaseOf(h.raw, key);
  const again = h.manager();
  t.equal(await again.acquireLease(attrs('172.18.0.2', '0a:58:0a:05:00:99')), first, 'the same subnet for the same PublicIP');
  t.ok(again.lines.includes(`flannel: Found lease (ip: ${first}) for current IP (172.18.0.2), reusing`));
  t.not(await leaseOf(h.raw, key), before, 'written again under a fresh etcd lease');
  t.match(await h.raw.get(key).string(), /"VtepMAC":"0a:58:0a:05:00:99"/, 'with the new attributes');

  const dir = t.testdir();
  const subnetFile = join(dir, 'subnet.env');
  await writeFile(subnetFile, 'FLANNEL_NETWORK=10.5.0.0/16\nFLANNEL_SUBNET=10.5.77.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
  const restarted = h.manager({ subnetFile });
  t.equal(await restarted.acquireLease(attrs('172.18.0.3')), '10.5.77.0/24', "subnet.env's subnet, nobody holding it");
  t.ok(restarted.lines.includes('flannel: Found previously leased subnet (10.5.77.0/24), reusing'));

  const taken = h.manager({ subnetFile });
  const other = await taken.acquireLease(attrs('172.18.0.4'));
  t.not(other, '10.5.77.0/24', "subnet.env's subnet is not taken from the node holding it");
  t.ok(taken.lines.includes('flannel: Picking subnet in range 10.5.1.0 ... 10.5.255.0'));

  await h.raw.put(`${prefix}/config`).value('{"Network":"10.6.0.0/16","Backend":{"Type":"vxlan"}}');
  const moved = h.manager();
  const fresh = await moved.acquireLease(attrs('172.18.0.2'));
  t.match(fresh, /^10\.6\./, 'a lease outside a changed network is not reused');
  t.ok(moved.lines.includes(`flannel: Found lease (${first}) for current IP (172.18.0.2) but not compatible with current config, deleting`));
  t.equal(await h.raw.get(key).string(), null, 'and deleted');
});

t.test('two subnets, three nodes at once: two leases, never the same subnet, and the third gets flannel\'s error', async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value('{"Network":"10.5.0.0/16","SubnetMin":"10.5.1.0","SubnetMax":"10.5.2.0","Backend":{"Type":"vxlan"}}');
  const results = await Promise.allSettled(['172.18.0.2', '172.18.0.3', '172.18.0.4'].map((ip) => h.manager().acquireLease(attrs(ip))));
  const leased = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  t.same(leased.sort(), ['10.5.1.0/24', '10.5.2.0/24']);
  t.same(failed, ['failed to acquire lease: out of subnets']);
  const values = await h.raw.getAll().prefix(`${prefix}/subnets/`).strings();
  t.same(Object.keys(values).sort(), [`${prefix}/subnets/10.5.1.0-24`, `${prefix}/subnets/10.5.2.0-24`]);
  t.not(values[`${prefix}/subnets/10.5.1.0-24`], values[`${prefix}/subnets/10.5.2.0-24`], 'held by two nodes');
});

t.test('renewed before it ends, under a fresh etcd lease; stop() stops renewing and leaves the lease', async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const manager = h.manager({ timing: { ttl: 3, renewMargin: 2 } });
  const subnet = await manager.acquireLease(attrs('172.18.0.2'));
  const key = `${prefix}/subnets/${subnet.replace('/', '-')}`;
  const leases = new Set([await leaseOf(h.raw, key)]);
  await eventually('two renewals', async () => {
    leases.add(await leaseOf(h.raw, key));
    return leases.size >= 3;
  });
  t.notOk(leases.has(undefined), 'the key never went away');
  t.ok(manager.lines.some((l) => l.startsWith('flannel: Lease renewed, new expiration: ')));
  await manager.stop();
  const last = await leaseOf(h.raw, key);
  t.ok(last && last !== '0', 'the key stays, with its lease, after stop()');
  const renewals = manager.lines.filter((l) => l.startsWith('flannel: Lease renewed')).length;
  await eventually('the lease runs out unrenewed', async () => (await leaseOf(h.raw, key)) === undefined);
  t.equal(manager.lines.filter((l) => l.startsWith('flannel: Lease renewed')).length, renewals, 'no renewal after stop()');
});

t.test("the watch: the other nodes' leases as they appear, change, go and expire; its own revoked", async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const before = h.manager();
  const early = await before.acquireLease(attrs('172.18.0.9', '0a:58:0a:05:00:09'));
  const manager = h.manager();
  const own = await manager.acquireLease(attrs('172.18.0.2'));
  const peers = new Map<string, PeerLease>();
  const seen: string[] = [];
  let revoked = 0;
  await manager.watchLeases({
    peer: (key, lease) => {
      seen.push(key);
      if (lease) peers.set(key, lease);
      else peers.delete(key);
    },
    revoked: () => revoked++,
  });
  t.same([...peers.values()], [{ subnet: early, publicIP: '172.18.0.9', backend: 'vxlan', vtepMAC: '0a:58:0a:05:00:09' }], 'the leases present when it starts');

  const other = await h.manager().acquireLease(attrs('172.18.0.3', '0a:58:0a:05:00:03'));
  await eventually('a new lease arrives', () => peers.has(other));
  t.same(peers.get(other), { subnet: other, publicIP: '172.18.0.3', backend: 'vxlan', vtepMAC: '0a:58:0a:05:00:03' });
  await h.raw.put(`${prefix}/subnets/${other.replace('/', '-')}`).value(leaseAttrsJson(attrs('172.18.0.3', '0a:58:0a:05:00:33')));
  await eventually('a changed lease arrives', () => peers.get(other)?.vtepMAC === '0a:58:0a:05:00:33');
  await h.raw.delete().key(`${prefix}/subnets/${other.replace('/', '-')}`);
  await eventually('a deleted lease goes', () => !peers.has(other));

  const short = await h.raw.leaseClient.leaseGrant({ TTL: 2, ID: 0 });
  await h.raw.put(`${prefix}/subnets/10.5.200.0-24`).value(leaseAttrsJson({ publicIP: '172.18.0.5', backend: 'host-gw' })).lease(short.ID);
  await eventually('a short lease arrives', () => peers.has('10.5.200.0/24'));
  await eventually('and goes when it expires', () => !peers.has('10.5.200.0/24'));
  t.notOk(seen.includes(own), 'its own lease is never a peer');

  await h.raw.delete().key(`${prefix}/subnets/${own.replace('/', '-')}`);
  await eventually('its own lease revoked', () => revoked === 1);
  t.ok(manager.lines.includes('flannel: Lease has been revoked. Shutting down daemon.'));
});

t.test('the watch resumes after etcd comes back, missing nothing', async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const manager = h.manager();
  await manager.acquireLease(attrs('172.18.0.2'));
  const peers = new Set<string>();
  await manager.watchLeases({ peer: (key, lease) => (lease ? peers.add(key) : peers.delete(key)), revoked: () => undefined });
  await h.etcd.kill();
  await h.etcd.start();
  const other = await h.manager().acquireLease(attrs('172.18.0.3'));
  await eventually('a lease made after the restart arrives', () => peers.has(other));
  t.ok(peers.has(other), 'a lease made after the restart arrives');
  await h.raw.delete().key(`${prefix}/subnets/${other.replace('/', '-')}`);
  await eventually('and its deletion', () => !peers.has(other));
  t.notOk(peers.has(other), 'and its deletion');
});

t.test('a reservation (a key without an etcd lease) is reused as it is and never renewed', async (t) => {
  const h = await harness(t);
  await h.raw.put(`${prefix}/config`).value(vxlanConfig);
  const key = `${prefix}/subnets/10.5.42.0-24`;
  await h.raw.put(key).value(leaseAttrsJson(attrs('172.18.0.2')));
  const manager = h.manager({ timing: { ttl: 3, renewMargin: 2 } });
  t.equal(await manager.acquireLease(attrs('172.18.0.2', '0a:58:0a:05:00:42')), '10.5.42.0/24');
  t.equal(await leaseOf(h.raw, key), '0', 'still without a lease');
  t.match(await h.raw.get(key).string(), /"VtepMAC":"0a:58:0a:05:00:42"/, 'with this start\'s attributes');
});

t.test('over TLS with client-certificate auth, as the agent configuration gives it', async (t) => {
  const etcd = await startTestEtcd(t, { tls: true });
  const tls = etcd.tls!;
  const dir = t.testdir();
  const lines: string[] = [];
  const configured = await configuredSubnetManager(
    { subnetFile: join(dir, 'subnet.env'), etcd: { endpoints: [etcd.endpoint], prefix, caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile } },
    { client: undefined as never, nodeName: 'w1', log: (m) => lines.push(m) },
  );
  t.teardown(async () => {
    await configured.manager.stop();
    configured.close();
  });
  t.ok(configured.leasesPodSubnet, 'etcd mode leases the pod subnet itself');
  const [ca, cert, key] = await Promise.all([readFile(tls.caFile), readFile(tls.certFile), readFile(tls.keyFile)]);
  const admin = new Etcd3(etcdClientOptions([etcd.endpoint], { ca, cert, key }));
  t.teardown(() => admin.close());
  await admin.put(`${prefix}/config`).value(vxlanConfig);
  t.has(await configured.manager.networkConfig(), { network: '10.5.0.0/16', backend: 'vxlan' });
  const subnet = await configured.manager.acquireLease(attrs('172.18.0.2'));
  t.match(await admin.get(`${prefix}/subnets/${subnet.replace('/', '-')}`).string(), /"PublicIP":"172.18.0.2"/);

  const stranger = issueClientCertificate(createCertificateAuthority('another-ca'), 'stranger');
  const refused = new Etcd3(etcdClientOptions([etcd.endpoint], { ca, cert: Buffer.from(stranger.cert), key: Buffer.from(stranger.key) }));
  t.teardown(() => refused.close());
  await t.rejects(refused.get(`${prefix}/config`).string(), 'a client certificate of another CA is refused');
});
