// kdrill dns-server as a process: against a control plane with a kubeconfig,
// answering on the port it prints, ready on /ready, stopping on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { join } from 'node:path';
import t from 'tap';
import { startTestControlPlane } from '../../reference/api/fixtures/control-plane.ts';
import { repoRoot } from '../../helpers/control-plane.ts';

const kdrill = join(repoRoot, 'bin', 'kdrill.js');

t.test('without a kubeconfig outside a pod it is a usage error', async (t) => {
  const env = { ...process.env };
  delete env.KUBERNETES_SERVICE_HOST;
  const r = spawnSync(process.execPath, [kdrill, 'dns-server', '--port', '0'], { encoding: 'utf8', env });
  t.equal(r.status, 2);
  t.match(r.stderr, 'give --kubeconfig or --api-server');
});

t.test('serves the cluster zone until SIGTERM', async (t) => {
  const cp = await startTestControlPlane(t);
  const child = spawn(process.execPath, [kdrill, 'dns-server', '--kubeconfig', cp.kubeconfigPath, '--host', '127.0.0.1', '--port', '0', '--health-port', '0', '--ready-port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const port = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', () => {
      const m = /on 127\.0\.0\.1:(\d+) udp and tcp/.exec(stderr);
      if (m && stderr.includes('; ready')) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`exited early:\n${stderr}`)));
  });
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([`127.0.0.1:${port}`]);
  t.equal((await resolver.resolve4('kubernetes.default.svc.cluster.local')).length, 1);
  await t.rejects(resolver.resolve4('example.com'), { code: 'EREFUSED' });
  child.kill('SIGTERM');
  t.equal(await exited, 0);
  t.match(stderr, 'SIGTERM: stopping');
});
