// The container runtime for real, inside one node container (Debian with crun,
// started and removed here): each subtest runs a scenario of
// fixtures/runtime-scenarios.ts in the node, which drives CrunRuntime and
// reports what it saw, and checks it here.
import t from 'tap';
import { dockerAvailable, ensureRuntimeTestImage, startRuntimeTestNode, type RuntimeTestNode } from './fixtures/runtime-test-node.ts';

interface Exit {
  exitCode: number;
  signal?: string;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
}

if (!(await dockerAvailable())) {
  t.plan(0, 'no Docker engine: the runtime needs a node container');
} else {
  await ensureRuntimeTestImage();
  const node: RuntimeTestNode = await startRuntimeTestNode();
  t.teardown(() => node.remove());

  const scenario = async <T>(name: string): Promise<T> => {
    const result = await node.exec(['/opt/kdrill/node_modules/node/bin/node', `/opt/kdrill/test/reference/node/runtime/fixtures/runtime-scenarios.ts`, name]);
    if (result.exitCode !== 0) throw new Error(`scenario ${name} failed (${result.exitCode}): ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };

  const criLine = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z (stdout|stderr) [PF] /;
  const contents = (log: string): string[] => log.split('\n').filter((line) => line !== '').map((line) => line.replace(criLine, ''));

  t.test('two sandboxes on one node reach each other over cni0; pods get the kubelet\'s /etc files', async (t) => {
    const r = await scenario<{ a: string; b: string; netns: string; clientExit: Exit; serverExit: Exit; clientLog: string; serverLog: string; netnsLeft: string }>('network');
    t.match(r.a, /^10\.244\.7\.\d+$/);
    t.match(r.b, /^10\.244\.7\.\d+$/);
    t.not(r.a, r.b);
    t.match(r.netns, /^\/var\/run\/netns\/kdrill-/);
    t.equal(r.clientExit.exitCode, 0, 'the client reached the server');
    t.equal(r.serverExit.exitCode, 0);
    t.same(contents(r.serverLog), ['nc ended: 0'], 'the server answered one connection');
    const lines = contents(r.clientLog);
    t.ok(r.clientLog.split('\n').filter(Boolean).every((line) => criLine.test(line)), 'every log line is in CRI format');
    t.same(lines.slice(0, 12), [
      '# Kubernetes-managed hosts file.',
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'fe00::0\tip6-mcastprefix',
      'fe00::1\tip6-allnodes',
      'fe00::2\tip6-allrouters',
      `${r.a}\tpod-a`,
      '',
      '# Entries added by HostAliases.',
      '10.1.2.3\talias-one\talias-two',
      'search test.svc.cluster.local svc.cluster.local',
    ]);
    t.ok(lines.includes('nameserver 10.96.0.10'));
    t.ok(lines.includes('options ndots:5'));
    t.ok(lines.includes('hostname=pod-a greeting=hello'), 'hostname and environment');
    t.ok(lines.some((line) => line.includes(`inet ${r.a}/24`)), 'eth0 has the pod address');
    t.ok(lines.some((line) => /^\d+: eth0@\S+ <[^>]*\bUP\b[^>]*> mtu 1400 /.test(line)), 'eth0 is up with the node\'s MTU');
    t.ok(lines.some((line) => line.startsWith('default via 10.244.7.1 dev eth0')), 'default route via the bridge');
    t.ok(lines.includes('ping-ok'), 'ping over cni0');
    t.ok(lines.includes('pong'), 'TCP over cni0');
    t.equal(r.netnsLeft, '', 'removeSandbox removed the namespaces');
  });

  t.test('exit codes, signals, stop with a grace period, start errors', async (t) => {
    const r = await scenario<{ exit3Info: Exit; killedInfo: Exit; termInfo: Exit; termLog: string; startError: string; cgroupsLeft: string[] }>('exits');
    t.equal(r.exit3Info.exitCode, 3);
    t.equal(r.exit3Info.signal, undefined);
    t.equal(r.exit3Info.oomKilled, false);
    t.ok(Date.parse(r.exit3Info.finishedAt) >= Date.parse(r.exit3Info.startedAt));
    t.equal(r.killedInfo.exitCode, 137, 'PID 1 without a TERM handler ignores SIGTERM and is killed after the grace');
    t.equal(r.killedInfo.signal, 'SIGKILL');
    t.equal(r.killedInfo.oomKilled, false, 'a SIGKILL the runtime sent is no OOM kill');
    t.equal(r.termInfo.exitCode, 0, 'a TERM handler ends the container within the grace');
    t.same(contents(r.termLog), ['ready', 'got TERM']);
    t.match(r.startError, /^ContainerStartError: container \S+-missing-0 did not start: .*\/no\/such\/program.*not found/);
    t.same(r.cgroupsLeft, [], 'removeContainer removed the cgroups');
  });

  t.test('a container over its memory limit is OOM killed and reported so', async (t) => {
    const r = await scenario<{ info: Exit; limits: { memory: string; cpuQuota: string; procCgroup: string } }>('oom');
    t.equal(r.limits.memory, String(32 * 1024 * 1024));
    t.equal(r.limits.cpuQuota, '50000', '500m is 50 ms per 100 ms period');
    t.match(r.limits.procCgroup, /\n\d+:memory:\/docker\/[0-9a-f]+\/kdrill\/\S+-hog-0\/main\n/, 'nested under the node container\'s own cgroup');
    t.equal(r.info.exitCode, 137);
    t.equal(r.info.oomKilled, true);
  });

  t.test('exec with and without a terminal', async (t) => {
    const r = await scenario<{ plainOut: string; plainErr: string; plainExit: number; stdinOut: string; stdinExit: number; ttyText: string; ttyStderr: boolean; ttyExit: number; stopped: Exit }>('exec');
    t.equal(r.plainOut, 'out hello\n', 'the container environment');
    t.equal(r.plainErr, 'err\n');
    t.equal(r.plainExit, 5);
    t.equal(r.stdinOut, 'read typed\n');
    t.equal(r.stdinExit, 0);
    t.match(r.ttyText, /\r\n\/dev\/pts\/\d+\r\n42 101\r\n/, 'a terminal of the container\'s own, of the size resize set');
    t.ok(r.ttyStderr, 'no separate stderr on a terminal');
    t.equal(r.ttyExit, 7);
    t.equal(r.stopped.exitCode, 137);
  });

  t.test('attach to the main process, with stdin once and with a terminal', async (t) => {
    const r = await scenario<{ idleState: string; idleStopped: Exit; attachedOut: string; readerExit: Exit; readerLog: string; ttyOut: string; ttyStderr: boolean; terminalExit: Exit; terminalLog: string }>('attach');
    t.match(r.attachedOut, /got one\ngot two\n$/);
    t.equal(r.idleState, 'running', 'a terminal without stdin gives the shell no end of file');
    t.equal(r.idleStopped.exitCode, 137);
    t.equal(r.readerExit.exitCode, 0, 'closing the attached stdin (stdinOnce) closed the container\'s');
    t.same(contents(r.readerLog), ['started', 'got one', 'got two', 'stdin closed']);
    t.match(r.ttyOut, /sum=3\r\n/);
    t.ok(r.ttyStderr);
    t.equal(r.terminalExit.exitCode, 4);
    t.ok(contents(r.terminalLog).includes('sum=3'), 'terminal output is logged as stdout');
    t.notMatch(r.terminalLog, /job control turned off/, 'the shell has its terminal as controlling terminal');
  });

  t.test('logs are CRI lines, rotated by size, the oldest deleted beyond maxFiles', async (t) => {
    const r = await scenario<{ info: Exit; files: Record<string, string> }>('logs');
    t.equal(r.info.exitCode, 0);
    const names = Object.keys(r.files).sort();
    t.equal(names.length, 3, 'maxFiles 3: the current file and two rotated ones');
    t.equal(names[0], '0.log');
    for (const name of names.slice(1)) t.match(name, /^0\.log\.\d{8}-\d{6}$/);
    const all = names.slice(1).concat('0.log').map((name) => r.files[name] ?? '').join('');
    t.ok(all.split('\n').filter(Boolean).every((line) => criLine.test(line)));
    const current = (r.files['0.log'] ?? '').split('\n').filter(Boolean);
    t.match(current.at(-1), / stdout P no newline at the end$/, 'a last line without newline is partial');
    t.ok(all.includes(' stderr F to-stderr\n'));
    t.ok(all.includes(' stdout F burst 3 line 39\n'));
    t.notOk(all.includes(' stdout F burst 0 line 0\n'), 'the oldest rotated files were deleted');
  });

  t.test('volumes read-write and read-only, a user with supplementary groups, the working directory', async (t) => {
    const r = await scenario<{ info: Exit; log: string; written: string; setting: string }>('volumes');
    t.equal(r.info.exitCode, 0);
    const lines = contents(r.log);
    t.same(lines.slice(0, 5), ['1000', '1000 2000', '/data', 'from the node', 'on']);
    t.ok(lines.includes('read-only'));
    t.ok(lines.some((line) => /Read-only file system/.test(line)), 'the write failed');
    t.equal(r.written, 'written\n', 'written through to the node');
    t.equal(r.setting, 'on\n', 'the read-only mount was not changed');
  });

  t.test('a hostNetwork sandbox has the node\'s address and files', async (t) => {
    const r = await scenario<{ sandbox: { ip: string; netnsPath?: string }; info: Exit; log: string; nodeResolvConf: string; podResolvConf: string }>('hostNetwork');
    t.equal(r.sandbox.netnsPath, undefined);
    t.ok(contents(r.log).some((line) => line.includes(`inet ${r.sandbox.ip}/`)), 'the container sees the node\'s eth0');
    t.ok(contents(r.log).includes('# Kubernetes-managed hosts file (host network).'));
    t.equal(r.podResolvConf, r.nodeResolvConf, 'no DNS settings: the node\'s resolv.conf');
  });

  t.test('a restarted runtime keeps live addresses and cleanupOrphans removes what an earlier run left', async (t) => {
    const r = await scenario<{ orphanIP: string; heldBefore: string[]; nextIP: string; exitInfo: Exit; netns: string; veths: string; crun: string; mounts: string[]; ipam: string[]; cgroupsLeft: string[] }>('orphans');
    t.same(r.heldBefore, [r.orphanIP]);
    t.not(r.nextIP, r.orphanIP, 'an address held on disk is not handed out again');
    t.equal(r.exitInfo.exitCode, 137, 'the orphaned container was killed');
    t.equal(r.netns, '');
    t.notMatch(r.veths, /kdv/);
    t.equal(r.crun, '');
    t.same(r.mounts, []);
    t.same(r.ipam, []);
    t.same(r.cgroupsLeft, []);
  });
}
