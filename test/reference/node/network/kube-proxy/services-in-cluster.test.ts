// kube-proxy's twin on the shared 3-node cluster in containers
// (test/helpers/container-cluster.ts): Services reached from pods and from
// nodes through the rules it writes, as a client of a real cluster would.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import t from 'tap';
import { nodePaths } from '../../../../../src/reference/images/node-image-recipe.ts';
import { clusterPolicyChainName, endpointChainName } from '../../../../../src/reference/node/network/kube-proxy/chain-names.ts';
import { kubectl, sharedTestCluster, type TestCluster } from '../../../../helpers/container-cluster.ts';

/** One HTTP GET with busybox nc; prints the body (the probe's hostname) and a newline, or nc's error. */
const request = (host: string, port: number) => `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${host} ${port} 2>&1 | tail -1; echo`;

/** χ² critical value for 2 degrees of freedom at p = 0.001: an even split fails this once in a thousand runs. */
const chiSquareCritical2 = 13.816;

function probeDeployment(name: string, replicas: number, nodeName?: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(nodeName ? { nodeSelector: { 'kubernetes.io/hostname': nodeName } } : {}),
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: 'probe',
            image: 'kdrill/probe:latest',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: 9376 }],
            readinessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 1 },
          }],
        },
      },
    },
  };
}

function service(name: string, app: string, spec: object = {}): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec } };
}

t.test('Services through kube-proxy\'s iptables rules', async (t) => {
  const cluster: TestCluster = await sharedTestCluster();
  const ns = `kube-proxy-${randomBytes(3).toString('hex')}`;
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const inPod = (pod: string, script: string) => k(['exec', pod, '--', 'sh', '-c', script]);
  const onNode = async (node: string, script: string) => (await execa('docker', ['exec', node, 'sh', '-c', script.replaceAll('nc -w', 'busybox nc -w')])).stdout;
  const clusterIP = async (name: string) => k(['get', 'service', name, '-o', 'jsonpath={.spec.clusterIP}']);
  const nodePort = async (name: string) => Number(await k(['get', 'service', name, '-o', 'jsonpath={.spec.ports[0].nodePort}']));
  const podsOf = async (app: string) => {
    const list = JSON.parse(await k(['get', 'pods', '-l', `app=${app}`, '-o', 'json'])) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
    return list.items.map((p) => ({ name: p.metadata.name, node: p.spec.nodeName }));
  };
  /** Until every node's nat table has `chain` (the rules follow the EndpointSlice within the sync period). */
  const rulesOnEveryNode = async (chain: string) => {
    for (const node of cluster.nodes) {
      await execa('sh', ['-c', `for i in $(seq 100); do docker exec ${node} iptables-save -t nat | grep -q -- '${chain}' && exit 0; sleep 0.2; done; exit 1`]);
    }
  };
  await kubectl(cluster, ['create', 'namespace', ns]);
  t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));

  const [worker1, worker2] = cluster.workers as [string, string];
  // Schema validation is not what this test is about (kubectl's fetch of the OpenAPI document is another suite's).
  await k(['apply', '--validate=false', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      probeDeployment('probe', 3),
      service('probe', 'probe', { type: 'NodePort' }),
      service('sticky', 'probe', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } }),
      service('empty', 'nothing-has-this-label'),
      probeDeployment('local', 2, worker1),
      probeDeployment('udp', 2),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'udp' }, spec: { selector: { app: 'udp' }, ports: [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 }] } },
      service('local', 'local', { type: 'NodePort', externalTrafficPolicy: 'Local' }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] } },
    ],
  }));
  await k(['rollout', 'status', 'deployment/probe', '--timeout=120s']);
  await k(['rollout', 'status', 'deployment/local', '--timeout=120s']);
  await k(['rollout', 'status', 'deployment/udp', '--timeout=120s']);
  await k(['wait', '--for=condition=Ready', 'pod/client', '--timeout=120s']);
  const probes = await podsOf('probe');
  const probeNames = new Set(probes.map((p) => p.name));
  const probeIP = await clusterIP('probe');
  const svcChain = clusterPolicyChainName(`${ns}/probe:http`, 'TCP');
  await rulesOnEveryNode(svcChain);

  await t.test('the chain names on every node are the ones kube-proxy computes', async (t) => {
    const endpoints = (await k(['get', 'pods', '-l', 'app=probe', '-o', 'jsonpath={.items[*].status.podIP}'])).split(' ');
    // The pods became ready one by one: the last one's endpoint may be a sync behind.
    for (const ip of endpoints) await rulesOnEveryNode(endpointChainName(`${ns}/probe:http`, 'TCP', `${ip}:9376`));
    for (const node of cluster.nodes) {
      const nat = (await execa('docker', ['exec', node, 'iptables-save', '-t', 'nat'])).stdout;
      t.match(nat, `-d ${probeIP}/32 -p tcp -m comment --comment "${ns}/probe:http cluster IP" -m tcp --dport 80 -j ${svcChain}`, `${node}: KUBE-SERVICES → ${svcChain}`);
      for (const ip of endpoints) t.match(nat, `:${endpointChainName(`${ns}/probe:http`, 'TCP', `${ip}:9376`)} `, `${node}: the KUBE-SEP chain of ${ip}`);
      t.match(nat, /--probability 0\.33333333349/, `${node}: 1/3 for the first of three endpoints`);
    }
  });

  await t.test('ClusterIP from a pod and from every node', async (t) => {
    t.ok(probeNames.has((await inPod('client', request(probeIP, 80))).trim()), 'from a pod');
    for (const node of cluster.nodes) t.ok(probeNames.has((await onNode(node, request(probeIP, 80))).trim()), `from ${node}`);
  });

  await t.test('NodePort on every node, from another node and from the node itself (also on 127.0.0.1)', async (t) => {
    const port = await nodePort('probe');
    for (const node of cluster.nodes) {
      const other = node === cluster.nodes[0] ? worker1 : cluster.nodes[0]!;
      t.ok(probeNames.has((await onNode(other, request(node, port))).trim()), `${node}:${port} from ${other}`);
      t.ok(probeNames.has((await onNode(node, request('127.0.0.1', port))).trim()), `127.0.0.1:${port} on ${node}`);
    }
    const worker2IP = await kubectl(cluster, ['get', 'node', worker2, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    t.ok(probeNames.has((await inPod('client', request(worker2IP.stdout, port))).trim()), 'from a pod, to a node\'s address');
  });

  await t.test('600 requests split evenly over 3 endpoints (χ² < 13.8, p = 0.001)', async (t) => {
    const answers = (await inPod('client', `for i in $(seq 600); do ${request(probeIP, 80)}; done`)).split('\n').filter((l) => l !== '');
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    t.same([...counts.keys()].sort(), [...probeNames].sort(), 'every answer from a probe pod, every pod answering');
    const expected = 600 / 3;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    t.ok(chiSquare < chiSquareCritical2, `χ² = ${chiSquare.toFixed(2)} for ${JSON.stringify(Object.fromEntries(counts))}`);
  });

  await t.test('sessionAffinity ClientIP keeps a client on one pod', async (t) => {
    const ip = await clusterIP('sticky');
    await rulesOnEveryNode(clusterPolicyChainName(`${ns}/sticky:http`, 'TCP'));
    const answers = new Set((await inPod('client', `for i in $(seq 30); do ${request(ip, 80)}; done`)).split('\n').filter((l) => l !== ''));
    t.equal(answers.size, 1, `one pod: ${[...answers].join(', ')}`);
    t.ok(probeNames.has([...answers][0]!));
  });

  await t.test('a Service without endpoints refuses the connection', async (t) => {
    const ip = await clusterIP('empty');
    await execa('sh', ['-c', `for i in $(seq 100); do docker exec ${cluster.nodes[0]} iptables-save -t filter | grep -q -- '${ns}/empty:http has no endpoints' && exit 0; sleep 0.2; done; exit 1`]);
    t.match(await inPod('client', request(ip, 80)), 'Connection refused', 'from a pod');
    t.match(await onNode(worker2, request(ip, 80)), 'Connection refused', 'from a node');
    // At once: the REJECT answers the first SYN, so a non-blocking connect (Node's, curl's, Go's) is refused
    // without a retransmission: the rule counts one packet. (busybox nc's blocking connect waits for the SYN's
    // retransmission at 1 s on this kernel: the ICMP error arrives while connect() holds the socket, and Linux keeps
    // it as a soft error; real kube-proxy's identical rule does the same.)
    const rejected = async () => {
      const rules = (await execa('docker', ['exec', worker2, 'iptables', '-t', 'filter', '-L', 'KUBE-SERVICES', '-v', '-x', '-n'])).stdout;
      const line = rules.split('\n').find((l) => l.includes(`${ns}/empty:http has no endpoints`));
      return Number(line?.trim().split(/\s+/)[0]);
    };
    const before = await rejected();
    const connect = `require('node:net').connect(80, '${ip}').on('connect', () => console.log('connected')).on('error', (e) => console.log(e.code))`;
    const code = (await execa('docker', ['exec', worker2, nodePaths.node, '-e', connect])).stdout.trim();
    t.equal(code, 'ECONNREFUSED', 'a non-blocking connect from a node is refused');
    t.equal(await rejected() - before, 1, 'by the REJECT of its first SYN: no retransmission was needed');
  });

  await t.test('hairpin: each probe pod reaches itself through its Service', async (t) => {
    const stickyIP = await clusterIP('probe');
    for (const pod of probes) {
      // Enough tries that the pod itself is chosen at least once (1 − (2/3)^30 ≈ 1 − 5e-6).
      const answers = (await inPod(pod.name, `for i in $(seq 30); do ${request(stickyIP, 80)}; done`)).split('\n').filter((l) => l !== '');
      t.ok(answers.every((a) => probeNames.has(a)), `${pod.name}: every request answered (${answers.filter((a) => !probeNames.has(a)).join(', ')})`);
      t.ok(answers.includes(pod.name), `${pod.name} answered itself`);
    }
  });

  await t.test('externalTrafficPolicy Local: a NodePort goes only to the node\'s own endpoints', async (t) => {
    const port = await nodePort('local');
    const local = new Set((await podsOf('local')).map((p) => p.name));
    await rulesOnEveryNode(`KUBE-EXT-${clusterPolicyChainName(`${ns}/local:http`, 'TCP').slice('KUBE-SVC-'.length)}`);
    const answers = new Set((await onNode(cluster.nodes[0]!, `for i in $(seq 10); do ${request(worker1, port)}; done`)).split('\n').filter((l) => l !== ''));
    t.ok([...answers].every((a) => local.has(a)), `from off the node: answered by ${worker1}'s pods: ${[...answers].join(', ')}`);
    t.match(await onNode(cluster.nodes[0]!, request(worker2, port)), 'timed out', `${worker2} has none: dropped`);
    t.ok(local.has((await onNode(worker2, request(worker2, port))).trim()), `from ${worker2} itself: to the cluster's endpoints`);
  });

  await t.test('conntrack entries of a removed UDP endpoint are deleted', async (t) => {
    const ip = await clusterIP('udp');
    const node = cluster.nodes[0]!;
    const [gone] = await podsOf('udp');
    const goneIP = await k(['get', 'pod', gone!.name, '-o', 'jsonpath={.status.podIP}']);
    const chain = endpointChainName(`${ns}/udp:dns`, 'UDP', `${goneIP}:5353`);
    await rulesOnEveryNode(chain);
    const entries = async () => Number((await execa('docker', ['exec', node, 'sh', '-c', `conntrack -L -p udp --orig-dst ${ip} --dst-nat ${goneIP} 2>/dev/null | wc -l`])).stdout);
    // Twenty flows (bash's /dev/udp, a source port each; the node's busybox nc has no -u): some go to each endpoint (all to one: 2 × 2^-20).
    await execa('docker', ['exec', node, 'bash', '-c', `for i in $(seq 20); do echo x > /dev/udp/${ip}/53; done`]);
    t.ok((await entries()) > 0, 'flows DNATed to the endpoint are tracked');
    await k(['delete', 'pod', gone!.name, '--wait=false']);
    await execa('sh', ['-c', `for i in $(seq 100); do docker exec ${node} iptables-save -t nat | grep -q -- '${chain}' || exit 0; sleep 0.2; done; exit 1`]);
    // kube-proxy deletes them right after the restore that removed the chain.
    let left = await entries();
    for (let i = 0; i < 25 && left > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = await entries();
    }
    t.equal(left, 0, 'deleted (unanswered UDP entries otherwise live 30 s)');
  });

  await t.test('kube-proxy\'s metrics on 127.0.0.1:10249 and health on :10256, as kube-proxy serves them', async (t) => {
    const fetchOn = async (node: string, url: string) => {
      const program = `fetch('${url}').then(async (r) => console.log(r.status + '\\n' + await r.text()), (e) => console.log('error ' + e.message))`;
      const [status, ...body] = (await execa('docker', ['exec', node, nodePaths.node, '-e', program])).stdout.split('\n');
      return { status, body: body.join('\n') };
    };
    const [worker1Name] = cluster.workers as [string];
    const metrics = await fetchOn(worker1Name, 'http://127.0.0.1:10249/metrics');
    t.equal(metrics.status, '200');
    const count = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics.body)?.[1] ?? NaN);
    t.ok(count('kubeproxy_network_programming_duration_seconds_count') > 0, 'network programming latency observed for the EndpointSlices of this test\'s Services');
    t.ok(count('kubeproxy_sync_proxy_rules_duration_seconds_count') > 0, 'sync durations');
    t.ok(count('kubeproxy_sync_partial_proxy_rules_duration_seconds_count') > 0, 'partial syncs among them');
    t.ok(count('kubeproxy_sync_proxy_rules_last_timestamp_seconds') > 0);
    t.match(metrics.body, /^kubeproxy_sync_proxy_rules_iptables_total\{table="nat"\} [1-9]\d*$/m, 'the rules it owns, per table');
    const workerIP = (await execa('docker', ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', worker1Name])).stdout.trim();
    const health = await fetchOn(cluster.nodes[0]!, `http://${workerIP}:10256/healthz`);
    t.equal(health.status, '200', 'healthz from another node');
    t.same(Object.keys(JSON.parse(health.body) as object), ['lastUpdated', 'currentTime', 'nodeEligible']);
    t.equal((await fetchOn(worker1Name, 'http://127.0.0.1:10249/proxyMode')).body, 'iptables');
  });
});
