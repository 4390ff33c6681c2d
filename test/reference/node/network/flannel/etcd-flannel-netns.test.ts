// flannel over etcd end to end on two "nodes", each a network namespace
// joined by a veth pair, with etcd in the first: each node leases a subnet,
// makes flannel.1 and subnet.env, and programs the other's route, neighbour
// and FDB entries from its lease; TCP crosses the VXLAN overlay; a stopped
// node's lease stays, and a deleted lease takes its entries away.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import t from 'tap';

const fixture = join(import.meta.dirname, 'fixtures', 'etcd-flannel-node.ts');
const etcdBinary = process.env.KDRILL_ETCD ?? '/usr/bin/etcd';
const prefix = '/coreos.com/network';
const etcdEndpoint = 'http://10.250.0.1:2379';

interface FlannelUp {
  subnet: string;
  mtu: number;
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
}

async function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`never happened: ${what}`);
}

t.test('two nodes in network namespaces, one etcd: leases, entries, traffic over VXLAN', async (t) => {
  const suffix = randomBytes(3).toString('hex');
  const [nsA, nsB] = [`kdrill-fla-${suffix}`, `kdrill-flb-${suffix}`];
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-flannel-etcd-'));
  const children: ChildProcess[] = [];
  t.teardown(async () => {
    await Promise.all(children.map((c) => ended(c, 'SIGKILL')));
    await execa('ip', ['netns', 'del', nsA], { reject: false });
    await execa('ip', ['netns', 'del', nsB], { reject: false });
    await rm(dir, { recursive: true, force: true });
  });
  const inNs = (ns: string, args: string[]) => execa('ip', ['netns', 'exec', ns, ...args], { reject: false });

  for (const ns of [nsA, nsB]) await execa('ip', ['netns', 'add', ns]);
  await execa('ip', ['-n', nsA, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0b']);
  await execa('ip', ['-n', nsA, 'link', 'set', 'eth0b', 'netns', nsB]);
  await execa('ip', ['-n', nsB, 'link', 'set', 'eth0b', 'name', 'eth0']);
  for (const [ns, address] of [[nsA, '10.250.0.1/24'], [nsB, '10.250.0.2/24']] as const) {
    await execa('ip', ['-n', ns, 'addr', 'add', address, 'dev', 'eth0']);
    await execa('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    await execa('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  const etcd = spawn('ip', [
    'netns', 'exec', nsA, etcdBinary, '--name=default', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdEndpoint}`, `--advertise-client-urls=${etcdEndpoint}`,
    '--listen-peer-urls=http://127.0.0.1:2380', '--initial-advertise-peer-urls=http://127.0.0.1:2380',
    '--initial-cluster=default=http://127.0.0.1:2380', '--log-level=warn', '--logger=zap',
  ], { stdio: 'ignore' });
  children.push(etcd);
  await started(etcd);
  const etcdctl = (args: string[]) => inNs(nsA, ['etcdctl', `--endpoints=${etcdEndpoint}`, ...args]);
  await eventually('etcd takes the network config', async () =>
    (await etcdctl(['put', `${prefix}/config`, '{"Network":"10.5.0.0/16","Backend":{"Type":"vxlan"}}'])).exitCode === 0);

  const logs: string[] = [];
  const startNode = async (ns: string, nodeIP: string) => {
    const subnetFile = join(dir, ns, 'subnet.env');
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, fixture, JSON.stringify({ nodeIP, endpoint: etcdEndpoint, prefix, subnetFile })], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    createInterface({ input: child.stderr! }).on('line', (line) => logs.push(`${ns}: ${line}`));
    const up = await new Promise<FlannelUp>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as FlannelUp));
      child.once('exit', (code) => reject(new Error(`flannel in ${ns} exited with ${code}:\n${logs.join('\n')}`)));
    });
    return { ns, child, subnetFile, ...up };
  };
  const a = await startNode(nsA, '10.250.0.1');
  const b = await startNode(nsB, '10.250.0.2');

  t.not(a.subnet, b.subnet, 'two subnets');
  for (const node of [a, b]) {
    t.match(node.subnet, /^10\.5\.\d+\.0\/24$/, `${node.ns}: a /24 of the network`);
    t.equal(node.mtu, 1450, `${node.ns}: the veth's MTU less VXLAN's 50`);
    const first = node.subnet.replace(/0\/24$/, '1/24');
    t.equal(await readFile(node.subnetFile, 'utf8'), `FLANNEL_NETWORK=10.5.0.0/16\nFLANNEL_SUBNET=${first}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`, `${node.ns}: subnet.env`);
  }

  const gatewayOf = (subnet: string) => subnet.replace(/\/24$/, '');
  const macOf = async (ns: string) => (JSON.parse((await execa('ip', ['-n', ns, '-j', 'link', 'show', 'flannel.1'])).stdout) as { address: string }[])[0]!.address;
  const [macA, macB] = [await macOf(nsA), await macOf(nsB)];
  const entriesFor = async (node: typeof a, peer: typeof b, peerMac: string, peerIP: string) => {
    const route = (await execa('ip', ['-n', node.ns, 'route', 'show', peer.subnet])).stdout.trim();
    const neigh = (await execa('ip', ['-n', node.ns, 'neigh', 'show', 'dev', 'flannel.1'])).stdout;
    const fdb = (await inNs(node.ns, ['bridge', 'fdb', 'show', 'dev', 'flannel.1'])).stdout;
    return {
      route: route === `${peer.subnet} via ${gatewayOf(peer.subnet)} dev flannel.1 onlink`,
      neigh: neigh.includes(`${gatewayOf(peer.subnet)} lladdr ${peerMac} PERMANENT`),
      fdb: fdb.includes(`${peerMac} dst ${peerIP} self permanent`),
    };
  };
  await eventually("each node has the other's entries", async () => {
    const [ab, ba] = [await entriesFor(a, b, macB, '10.250.0.2'), await entriesFor(b, a, macA, '10.250.0.1')];
    return Object.values(ab).every(Boolean) && Object.values(ba).every(Boolean);
  });
  t.same(await entriesFor(a, b, macB, '10.250.0.2'), { route: true, neigh: true, fdb: true }, "A: route, neighbour and FDB entry for B's lease");
  t.same(await entriesFor(b, a, macA, '10.250.0.1'), { route: true, neigh: true, fdb: true }, "B: route, neighbour and FDB entry for A's lease");

  const server = spawn('ip', ['netns', 'exec', nsB, process.execPath, '-e',
    `require('net').createServer((s) => s.end('from-b')).listen(7000, '${gatewayOf(b.subnet)}', () => console.log('listening'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(server);
  await new Promise((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
  const answer = await inNs(nsA, [process.execPath, '-e',
    `const s = require('net').connect(7000, '${gatewayOf(b.subnet)}'); s.setEncoding('utf8'); s.on('data', (d) => process.stdout.write(d)); s.setTimeout(5000, () => process.exit(1));`]);
  t.equal(answer.stdout, 'from-b', "TCP from A's flannel.1 reaches B's over VXLAN");

  t.equal(await ended(b.child, 'SIGTERM'), 0, 'B stops cleanly');
  t.equal((await etcdctl(['get', `${prefix}/subnets/${b.subnet.replace('/', '-')}`, '--print-value-only'])).stdout.includes('"PublicIP":"10.250.0.2"'), true, "B's lease stays after it stops");
  t.same(await entriesFor(a, b, macB, '10.250.0.2'), { route: true, neigh: true, fdb: true }, 'and so do its entries on A');
  await etcdctl(['del', `${prefix}/subnets/${b.subnet.replace('/', '-')}`]);
  await eventually("A takes B's entries away", async () => !Object.values(await entriesFor(a, b, macB, '10.250.0.2')).some(Boolean));
  t.same(await entriesFor(a, b, macB, '10.250.0.2'), { route: false, neigh: false, fdb: false }, "B's lease deleted: its entries are gone from A");
});
