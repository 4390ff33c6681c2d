import t from 'tap';
import { DOCKER_DEFAULT_CAPABILITIES, containerEnv, ociSpec, type OciMount, type OciSpecInput } from '../../../../src/reference/node/runtime/oci-spec.ts';

const input: OciSpecInput = {
  rootfs: '/var/lib/kdrill/containers/c1/rootfs',
  argv: ['/bin/server', '--port', '8080'],
  env: { PATH: '/usr/bin:/bin', MODE: 'test' },
  workingDir: '/srv',
  user: { uid: 1000, gid: 2000, supplementalGroups: [3000] },
  hostname: 'web-0',
  netnsPath: '/var/run/netns/kdrill-abc',
  etcFiles: { hosts: '/sb/hosts', resolvConf: '/sb/resolv.conf', hostname: '/sb/hostname' },
  mounts: [
    { hostPath: '/var/lib/kdrill/pods/u/volumes/data', containerPath: '/data', readOnly: false },
    { hostPath: '/var/lib/kdrill/pods/u/volumes/config', containerPath: '/etc/config', readOnly: true },
  ],
  cgroupsPath: '/docker/abc/kdrill/c1/main',
  terminal: false,
};

interface Spec {
  process: { terminal: boolean; args: string[]; env: string[]; cwd: string; user: unknown; capabilities: Record<string, string[]> };
  root: { path: string; readonly: boolean };
  hostname?: string;
  mounts: OciMount[];
  linux: { cgroupsPath: string; namespaces: { type: string; path?: string }[]; maskedPaths: string[]; readonlyPaths: string[] };
}

t.test('the process: argv, env, cwd, user, terminal, Docker\'s default capabilities', async (t) => {
  const spec = ociSpec(input) as unknown as Spec;
  t.same(spec.process.args, input.argv);
  t.same(spec.process.env, ['PATH=/usr/bin:/bin', 'MODE=test', 'HOSTNAME=web-0']);
  t.equal(spec.process.cwd, '/srv');
  t.same(spec.process.user, { uid: 1000, gid: 2000, additionalGids: [3000] });
  t.equal(spec.process.terminal, false);
  t.equal((ociSpec({ ...input, terminal: true }) as unknown as Spec).process.terminal, true);
  t.equal(DOCKER_DEFAULT_CAPABILITIES.length, 14);
  for (const set of ['bounding', 'effective', 'permitted']) t.same(spec.process.capabilities[set], DOCKER_DEFAULT_CAPABILITIES);
  t.notOk(DOCKER_DEFAULT_CAPABILITIES.includes('CAP_SYS_ADMIN'));
  t.same(spec.root, { path: input.rootfs, readonly: false });
  t.equal((ociSpec({ ...input, workingDir: '' }) as unknown as Spec).process.cwd, '/');
});

t.test('namespaces: the sandbox\'s network namespace by path, new pid, ipc, uts and mount', async (t) => {
  const spec = ociSpec(input) as unknown as Spec;
  t.same(
    spec.linux.namespaces.map((ns) => ns.type).sort(),
    ['ipc', 'mount', 'network', 'pid', 'uts'],
  );
  t.same(spec.linux.namespaces.find((ns) => ns.type === 'network'), { type: 'network', path: '/var/run/netns/kdrill-abc' });
  t.equal(spec.hostname, 'web-0');
  t.equal(spec.linux.cgroupsPath, '/docker/abc/kdrill/c1/main');
  t.ok(spec.linux.maskedPaths.includes('/proc/kcore'));
  t.ok(spec.linux.readonlyPaths.includes('/proc/sys'));
});

t.test('hostNetwork: the node\'s network and UTS namespaces', async (t) => {
  const spec = ociSpec({ ...input, netnsPath: undefined }) as unknown as Spec;
  t.same(spec.linux.namespaces.map((ns) => ns.type).sort(), ['ipc', 'mount', 'pid']);
  t.equal(spec.hostname, undefined);
});

t.test('mounts: the system file systems, the sandbox\'s /etc files, then the volumes', async (t) => {
  const spec = ociSpec(input) as unknown as Spec;
  t.same(spec.mounts.map((mount) => mount.destination), [
    '/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys',
    '/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/data', '/etc/config',
  ]);
  const byDestination = new Map(spec.mounts.map((mount) => [mount.destination, mount]));
  t.ok(byDestination.get('/sys')?.options.includes('ro'), '/sys read-only');
  t.ok(byDestination.get('/dev/pts')?.options.includes('newinstance'));
  t.same(byDestination.get('/etc/hosts'), { destination: '/etc/hosts', type: 'bind', source: '/sb/hosts', options: ['rbind', 'rprivate', 'rw'] });
  t.same(byDestination.get('/etc/config')?.options, ['rbind', 'rprivate', 'ro']);
  t.same(byDestination.get('/data')?.options, ['rbind', 'rprivate', 'rw']);
});

t.test('PATH and HOSTNAME are added only when absent', async (t) => {
  t.same(containerEnv({}, 'h'), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h']);
  t.same(containerEnv({ HOSTNAME: 'mine', PATH: '/x' }, 'h'), ['HOSTNAME=mine', 'PATH=/x']);
});
