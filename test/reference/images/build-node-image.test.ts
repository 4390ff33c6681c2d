// kdrill image build: the node image is tagged and labelled with its inputs
// hash, rebuilt only when they change, and holds what the nodes need (Node 24,
// crun, iproute2, iptables, conntrack, nsenter, tini, the workload images'
// store). Needs the Docker engine (and root and the Debian mirror the first
// time, for debootstrap).
import t from 'tap';
import { execa } from 'execa';
import { inputsHashLabel } from '../../../src/reference/images/node-image-recipe.ts';
import { nodeBinaryPath, nodeImageInputsHash } from '../../../src/reference/images/node-image-inputs.ts';
import { kdrill } from '../../helpers/container-cluster.ts';

t.test('build, then up to date', async (t) => {
  const hash = await nodeImageInputsHash(nodeBinaryPath());
  const first = await kdrill(['image', 'build']);
  t.equal(first.exitCode, 0, first.stderr);
  const tag = first.stdout.trim();
  t.equal(tag, `kdrill/node:${hash.slice(0, 12)}`, 'the tag carries the inputs hash');
  const inspect = async () => (await execa('docker', ['image', 'inspect', '--format', `{{.Id}} {{ index .Config.Labels "${inputsHashLabel}" }}`, tag])).stdout.split(' ');
  const [id, label] = await inspect();
  t.equal(label, hash, 'and so does the label');

  const second = await kdrill(['image', 'build']);
  t.equal(second.exitCode, 0);
  t.match(second.stderr, /is up to date .*--force rebuilds it/);
  t.equal((await inspect())[0], id, 'nothing was rebuilt');

  const r = await execa('docker', ['run', '--rm', '--label', 'kdrill.dev/test=1', '--entrypoint', '/bin/sh', tag, '-c',
    'node --version; for c in crun ip iptables conntrack nsenter tini; do command -v $c >/dev/null || echo missing $c; done; cat /var/lib/kdrill/images/index.json']);
  const [version, ...rest] = r.stdout.split('\n');
  t.match(version, /^v24\./, 'Node 24 is /usr/local/bin/node');
  t.notMatch(rest.join('\n'), /missing/, 'the tools the agent and runtime use are there');
  const index = JSON.parse(rest.join('\n')) as { images: { names: string[] }[] };
  t.same(index.images.flatMap((i) => i.names).sort(), ['docker.io/kdrill/probe:latest', 'docker.io/library/busybox:1.35', 'docker.io/library/busybox:latest'], 'the workload images are in the node\'s store');
});
