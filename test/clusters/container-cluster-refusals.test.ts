// Creating a reference cluster in containers that cannot be made leaves
// nothing behind: a bad cluster file is refused (FILE:LINE: field) before any
// container, network or volume exists, and a create that fails part-way
// removes everything it made and names the step. Needs the Docker engine.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ClusterCreateError, createContainerCluster } from '../../src/clusters/container-cluster-create.ts';
import { parseClusterFile } from '../../src/clusters/load-cluster-file.ts';
import { kdrill, leftovers, testKdrillHome } from '../helpers/container-cluster.ts';

// The in-process creates below keep their state where the CLI runs of these tests do.
process.env.KDRILL_HOME = testKdrillHome;

const header = (name: string) => `apiVersion: kdrill.dev/v1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  provider: reference\n  reference:\n    simulated: false\n`;

t.test('a bad cluster file is refused before anything is made', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-bad-cluster-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cases: [string, string, string][] = [
    ['bad-role', `${header('kdrill-bad-role')}  nodes:\n    - role: control-plane\n    - role: boss\n`, ':11: spec.nodes[1].role: "boss" is not one of control-plane | worker'],
    ['etcd', `${header('kdrill-bad-etcd')}  networking:\n    subnetManager: etcd\n  nodes:\n    - role: control-plane\n`, ':10: spec.networking.subnetManager: etcd leases flannel subnets in the cluster\'s etcd: set store: etcd too'],
    ['two-control-planes', `${header('kdrill-bad-cps')}  nodes:\n    - role: control-plane\n    - role: control-plane\n`, ':11: spec.nodes[1].role: nodes in containers have one control plane'],
    ['simulated', `${header('kdrill-bad-sim').replace('simulated: false', 'simulated: true')}  nodes:\n    - role: control-plane\n`, ': spec.reference.simulated: kdrill cluster create makes clusters in containers'],
  ];
  for (const [name, text, expected] of cases) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, text);
    const clusterName = /name: (\S+)/.exec(text)![1]!;
    const r = await kdrill(['cluster', 'create', '-f', file]);
    t.equal(r.exitCode, 2, `${name}: exit 2 (bad usage)`);
    t.ok(r.stderr.includes(`${file}${expected}`), `${name}: says where and what (${r.stderr.trim()})`);
    t.same(await leftovers(clusterName), [], `${name}: no container, network or volume`);
    t.notOk(existsSync(join(testKdrillHome, 'clusters', clusterName)), `${name}: no state folder`);
  }
});

t.test('a create that fails part-way removes everything it made', async (t) => {
  const name = `kdrill-fail-${process.pid}`;
  t.teardown(async () => {
    await kdrill(['cluster', 'delete', name]);
  });
  const file = parseClusterFile(`${header(name)}  nodes:\n    - role: control-plane\n    - role: worker\n`, 'fail.yaml', join(tmpdir(), 'fail.yaml'));
  const steps: string[] = [];
  let seen: string[] = [];
  const failure = createContainerCluster(file, {
    progress: () => {},
    beforeStep: async (step) => {
      steps.push(step);
      if (step === 'certificates') {
        // The control-plane container, its volume, the network and the state folder exist by now.
        seen = await leftovers(name);
        throw new Error('injected failure');
      }
    },
  });
  await t.rejects(failure, ClusterCreateError);
  const err = (await failure.catch((e: unknown) => e)) as ClusterCreateError;
  t.equal(err.step, 'certificates', 'the error names the step');
  t.match(err.message, /failed at step "certificates": injected failure/);
  t.same(seen.sort(), [`container /${name}-control-plane`, `network kdrill-${name}`, `volume ${name}-control-plane-var`], 'the step before had made a container, a network and a volume');
  t.same(await leftovers(name), [], 'nothing is left: containers, networks, volumes');
  t.notOk(existsSync(join(testKdrillHome, 'clusters', name)), 'nor the state folder');
  t.same(steps.slice(0, 4), ['checking that the name is free', 'node image', `network kdrill-${name}`, `control-plane container ${name}-control-plane`]);
});

t.test('a name in use is refused and the cluster using it is left alone', async (t) => {
  const name = `kdrill-taken-${process.pid}`;
  t.teardown(async () => {
    await kdrill(['cluster', 'delete', name]);
  });
  const file = parseClusterFile(`${header(name)}  nodes:\n    - role: control-plane\n`, 'taken.yaml', join(tmpdir(), 'taken.yaml'));
  // Keep a first cluster's containers in place by stopping its create after its control plane started.
  await t.rejects(createContainerCluster(file, {
    beforeStep: async (step) => {
      if (step === 'certificates') {
        const second = createContainerCluster(file, { progress: () => {} });
        await t.rejects(second, /failed at step "checking that the name is free": a cluster named "kdrill-taken-\d+" exists/);
        t.equal((await leftovers(name)).length, 3, 'the first cluster\'s container, network and volume are untouched');
        throw new Error('stop here');
      }
    },
  }));
  t.same(await leftovers(name), []);
});

t.test('an interrupted create (Ctrl-C) removes what it made', async (t) => {
  const name = `kdrill-interrupted-${process.pid}`;
  t.teardown(async () => {
    await kdrill(['cluster', 'delete', name]);
  });
  const file = parseClusterFile(`${header(name)}  nodes:\n    - role: control-plane\n    - role: worker\n`, 'interrupted.yaml', join(tmpdir(), 'interrupted.yaml'));
  const interrupt = new AbortController();
  const create = createContainerCluster(file, {
    signal: interrupt.signal,
    beforeStep: (step) => {
      if (step === 'API server') interrupt.abort(new Error('interrupted (Ctrl-C)'));
    },
  });
  await t.rejects(create, /interrupted \(Ctrl-C\)/);
  t.same(await leftovers(name), [], 'nothing is left');
  t.notOk(existsSync(join(testKdrillHome, 'clusters', name)), 'nor the state folder');
});
