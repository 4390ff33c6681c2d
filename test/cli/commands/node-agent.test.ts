// `kdrill node-agent` refuses a bad configuration before it touches anything
// (it runs for real in the node containers: test/reference/node/agent-in-cluster.test.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { repoRoot } from '../../helpers/control-plane.ts';

const kdrill = (args: string[]) => execa(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), ...args], { reject: false });

t.test('usage errors exit 2 and name the problem', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-node-agent-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const missing = await kdrill(['node-agent']);
  t.equal(missing.exitCode, 2);
  t.match(missing.stderr, /--config is required/);
  const bad = join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ nodeName: 'w1' }));
  const refused = await kdrill(['node-agent', '--config', bad]);
  t.equal(refused.exitCode, 2);
  t.match(refused.stderr, `${bad}: field kubeconfig: expected a kubeconfig path, got undefined`);
  const help = await kdrill(['node-agent', '--help']);
  t.equal(help.exitCode, 0);
  t.match(help.stdout, /kdrill node-agent --config FILE/);
});
