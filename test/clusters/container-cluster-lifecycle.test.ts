// kdrill cluster create / list / kubeconfig / export-logs / delete, as a user
// runs them: two single-node clusters side by side, each reached by kubectl
// through its own loopback port with every Node Ready; their logs exported;
// then deleted, leaving no container, network, volume or state folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { kdrill, kubectl, leftovers, testKdrillHome, type TestCluster } from '../helpers/container-cluster.ts';
import { repoRoot } from '../helpers/control-plane.ts';

const names = [`kdrill-life-a-${process.pid}`, `kdrill-life-b-${process.pid}`];

t.teardown(async () => {
  for (const name of names) await kdrill(['cluster', 'delete', name]);
});

t.test('two clusters side by side: create, list, kubeconfig, export-logs, delete', async (t) => {
  const file = join(repoRoot, 'clusters', 'reference-1node.yaml');
  const created = await Promise.all(names.map((name) => kdrill(['cluster', 'create', '-f', file, '--name', name, '--wait', '4m'])));
  for (const [i, r] of created.entries()) {
    t.equal(r.exitCode, 0, `${names[i]} created (${r.stderr.split('\n').slice(-3).join(' | ')})`);
    t.equal(r.stdout.trim(), join(testKdrillHome, 'clusters', names[i]!, 'kubeconfig'), 'stdout is the kubeconfig path');
    t.match(r.stderr, /control-plane container .*\n[\s\S]*waiting for 1 Node\(s\) to be Ready/, 'each step is printed');
  }
  const clusters: TestCluster[] = names.map((name) => ({
    name,
    kubeconfig: join(testKdrillHome, 'clusters', name, 'kubeconfig'),
    nodes: [`${name}-control-plane`],
    workers: [],
  }));

  const listed = await kdrill(['cluster', 'list']);
  t.equal(listed.exitCode, 0);
  for (const name of names) t.ok(listed.stdout.split('\n').includes(name), `list shows ${name}`);

  const servers = new Set<string>();
  for (const cluster of clusters) {
    const config = await kdrill(['cluster', 'kubeconfig', cluster.name]);
    t.equal(config.stdout, readFileSync(cluster.kubeconfig, 'utf8').trimEnd(), 'kubeconfig prints the written kubeconfig');
    const server = (parse(config.stdout) as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster.server;
    t.match(server, /^https:\/\/127\.0\.0\.1:\d+$/, 'the API server is published on a loopback port');
    servers.add(server);
    const nodes = await kubectl(cluster, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
    t.equal(nodes.exitCode, 0, nodes.stderr);
    t.equal(nodes.stdout.trim(), `${cluster.name}-control-plane True`, 'kubectl sees the one Node, Ready');
  }
  t.equal(servers.size, 2, 'each cluster has its own port');

  const logs = mkdtempSync(join(tmpdir(), 'kdrill-export-logs-'));
  t.teardown(() => rmSync(logs, { recursive: true, force: true }));
  const exported = await kdrill(['cluster', 'export-logs', names[0]!, logs]);
  t.equal(exported.exitCode, 0, exported.stderr);
  t.equal(exported.stdout.trim(), logs, 'stdout is the folder');
  const nodeDir = join(logs, `${names[0]}-control-plane`);
  t.same(readdirSync(nodeDir).sort(), ['inspect.json', 'ip-route.txt', 'iptables-save.txt', 'pods', 'serial.log']);
  t.match(readFileSync(join(nodeDir, 'serial.log'), 'utf8'), /API server serving at/, 'serial.log holds the control plane\'s output');
  t.match(readFileSync(join(nodeDir, 'ip-route.txt'), 'utf8'), /default via/, 'the node\'s routes');
  t.match(readFileSync(join(nodeDir, 'iptables-save.txt'), 'utf8'), /\*filter|# Generated|^$/, 'the node\'s iptables rules');

  for (const name of names) {
    const deleted = await kdrill(['cluster', 'delete', name]);
    t.equal(deleted.exitCode, 0);
    t.match(deleted.stderr, /deleted cluster .*: 1 container\(s\), 1 network\(s\), 1 volume\(s\)/);
    t.same(await leftovers(name), [], `nothing of ${name} is left`);
    t.notOk(existsSync(join(testKdrillHome, 'clusters', name)), 'nor its state folder');
  }
  const unknown = await kdrill(['cluster', 'kubeconfig', names[0]!]);
  t.equal(unknown.exitCode, 2, 'a deleted cluster is unknown');
  t.match(unknown.stderr, /unknown cluster/);
});
