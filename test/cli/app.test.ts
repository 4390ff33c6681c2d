// The kdrill command as users run it: exit codes and where messages go.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { repoRoot } from '../helpers/control-plane.ts';

function kdrill(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kdrill.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('no command prints help and is a usage error', async (t) => {
  const r = kdrill();
  t.equal(r.code, 2);
  t.match(r.stdout, /Usage: kdrill COMMAND/);
  t.match(r.stdout, /control-plane/);
});

t.test('version and help succeed', async (t) => {
  t.match(kdrill('version').stdout, /^kdrill \d+\.\d+\.\d+\n$/);
  const help = kdrill('control-plane', '--help');
  t.equal(help.code, 0);
  t.match(help.stdout, /--data-dir DIR/);
});

t.test('usage errors exit 2 and say what to do', async (t) => {
  const unknown = kdrill('frobnicate');
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /unknown command "frobnicate"/);
  const noDir = kdrill('control-plane');
  t.equal(noDir.code, 2);
  t.match(noDir.stderr, /--data-dir is required/);
  const badStore = kdrill('control-plane', '--data-dir', '/tmp/x', '--store', 'sqlite');
  t.equal(badStore.code, 2);
  t.match(badStore.stderr, /--store must be embedded or etcd, not "sqlite"/);
  const etcdWithoutEndpoints = kdrill('control-plane', '--data-dir', '/tmp/x', '--store', 'etcd');
  t.equal(etcdWithoutEndpoints.code, 2);
  t.match(etcdWithoutEndpoints.stderr, /--etcd-endpoints/);
  const partialTls = kdrill('control-plane', '--data-dir', '/tmp/x', '--store', 'etcd', '--etcd-endpoints', 'https://127.0.0.1:2379', '--etcd-cafile', 'ca.crt');
  t.equal(partialTls.code, 2);
  t.match(partialTls.stderr, /etcd TLS needs all of --etcd-cafile, --etcd-certfile and --etcd-keyfile \(missing --etcd-certfile\)/);
  const tlsWithoutEtcd = kdrill('control-plane', '--data-dir', '/tmp/x', '--etcd-cafile', 'ca.crt');
  t.equal(tlsWithoutEtcd.code, 2);
  t.match(tlsWithoutEtcd.stderr, /--etcd-cafile is only for --store etcd/);
});

t.test('an unusable store is an infrastructure error (exit 3) and leaves no process', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = kdrill('control-plane', '--data-dir', dir, '--port', '0', '--store', 'etcd', '--etcd-endpoints', 'http://127.0.0.1:1');
  t.equal(r.code, 3);
  t.match(r.stderr, /kdrill control-plane: /);
});
