// Cluster DNS on the shared 3-node cluster in containers: the coredns
// Deployment that cluster create installs, asked from a busybox pod for each
// record kind, through the kube-dns Service (10.96.0.10, carried by
// kube-proxy's rules and the Flannel overlay) that its resolv.conf names.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { kubectl, sharedTestCluster, type TestCluster } from '../../helpers/container-cluster.ts';

interface PodJson {
  metadata: { name: string };
  spec: { nodeName: string };
  status: { podIP: string };
}

async function ok(cluster: TestCluster, args: string[], input?: string): Promise<string> {
  const r = await kubectl(cluster, args, input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const cluster = await sharedTestCluster();
await ok(cluster, ['-n', 'kube-system', 'wait', '--for=condition=Ready', 'pod', '-l', 'k8s-app=kube-dns', '--timeout=120s']);
const dnsIP = (await ok(cluster, ['-n', 'kube-system', 'get', 'service', 'kube-dns', '-o', 'jsonpath={.spec.clusterIP}'])).trim();

const ns = `dns-${randomBytes(3).toString('hex')}`;
await ok(cluster, ['create', 'namespace', ns]);
t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));
const objects = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 9376 }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 9376 }] } },
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
    spec: {
      serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'probe', image: 'kdrill/probe:latest' }] } },
    },
  },
  {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client' },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '3600'] }],
    },
  },
];
await ok(cluster, ['-n', ns, 'create', '--validate=false', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
await ok(cluster, ['-n', ns, 'wait', '--for=condition=Ready', 'pod/client', '--timeout=120s']);
for (const pod of ['db-0', 'db-1']) {
  // The StatefulSet makes db-1 once db-0 is Ready.
  for (let i = 0; i < 60 && (await kubectl(cluster, ['-n', ns, 'get', 'pod', pod])).exitCode !== 0; i++) await new Promise((r) => setTimeout(r, 1000));
  await ok(cluster, ['-n', ns, 'wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=120s']);
}
const podIP = async (name: string) => (JSON.parse(await ok(cluster, ['-n', ns, 'get', 'pod', name, '-o', 'json'])) as PodJson).status.podIP;
const [db0, db1] = [await podIP('db-0'), await podIP('db-1')];
const webIP = (await ok(cluster, ['-n', ns, 'get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).trim();

/** Runs a command in the client pod; its output and whether it succeeded. */
async function inClient(...command: string[]): Promise<{ ok: boolean; out: string }> {
  const r = await kubectl(cluster, ['-n', ns, 'exec', 'client', '--', ...command]);
  return { ok: r.exitCode === 0, out: `${r.stdout}\n${r.stderr}` };
}
const nslookup = (...args: string[]) => inClient('nslookup', '-timeout=5', ...args, dnsIP);

t.test('the pod resolves through kube-dns by default (dnsPolicy ClusterFirst)', async (t) => {
  const conf = await inClient('cat', '/etc/resolv.conf');
  t.match(conf.out, `nameserver ${dnsIP}`);
  t.match(conf.out, `search ${ns}.svc.cluster.local svc.cluster.local cluster.local`);
  t.match(conf.out, 'options ndots:5');
});

t.test('A for a ClusterIP Service', async (t) => {
  const r = await nslookup(`web.${ns}.svc.cluster.local`);
  t.ok(r.ok, 'nslookup succeeds', { output: r.out });
  t.match(r.out, new RegExp(`Address: ${webIP.replace(/\./g, '\\.')}\\b`));
});

t.test('a headless Service: every ready pod; a StatefulSet pod by its hostname', async (t) => {
  const all = await nslookup(`db.${ns}.svc.cluster.local`);
  t.ok(all.ok, 'nslookup succeeds', { output: all.out });
  t.match(all.out, `Address: ${db0}`);
  t.match(all.out, `Address: ${db1}`);
  const one = await nslookup(`db-1.db.${ns}.svc.cluster.local`);
  t.match(one.out, `Address: ${db1}`);
  t.notMatch(one.out, `Address: ${db0}`);
});

t.test('SRV for named ports', async (t) => {
  const web = await nslookup('-type=srv', `_http._tcp.web.${ns}.svc.cluster.local`);
  t.match(web.out, `service = 0 100 80 web.${ns}.svc.cluster.local`);
  const db = await nslookup('-type=srv', `_pg._tcp.db.${ns}.svc.cluster.local`);
  t.match(db.out, `service = 0 50 9376 db-0.db.${ns}.svc.cluster.local`);
  t.match(db.out, `service = 0 50 9376 db-1.db.${ns}.svc.cluster.local`);
});

t.test('PTR for a Service address and a pod address', async (t) => {
  t.match((await nslookup(webIP)).out, `name = web.${ns}.svc.cluster.local`);
  t.match((await nslookup(db0)).out, `name = db-0.db.${ns}.svc.cluster.local`);
});

t.test('a name that does not exist: NXDOMAIN; a name outside the cluster: REFUSED, not a time-out', async (t) => {
  const missing = await nslookup(`nope.${ns}.svc.cluster.local`);
  t.notOk(missing.ok);
  t.match(missing.out, 'NXDOMAIN');
  const outside = await nslookup('kdrill.example.com');
  t.notOk(outside.ok);
  t.match(outside.out, 'REFUSED');
  t.notMatch(outside.out, /timed out/);
});

t.test('search paths: "web" and "web.NS" resolve through the pod’s resolv.conf', async (t) => {
  // busybox nslookup applies the search list only to names without a dot; ping resolves as libc does.
  const short = await inClient('nslookup', 'web');
  t.match(short.out, new RegExp(`Name:\\s+web\\.${ns}\\.svc\\.cluster\\.local\\s+Address: ${webIP.replace(/\./g, '\\.')}`));
  // Only ping's first line, the name it resolved: the ClusterIP does not answer ICMP.
  const withNamespace = await inClient('sh', '-c', `ping -c1 -W1 web.${ns} 2>&1 | head -n1`);
  t.match(withNamespace.out, `PING web.${ns} (${webIP})`);
});
