import t from 'tap';
import { cpuQuotaMicros, oomKillCount, ownCgroupPath, reachedLimit } from '../../../../src/reference/node/runtime/container-cgroup.ts';
import { exitCodeOf, signalOfExitCode } from '../../../../src/reference/node/runtime/exit-status.ts';

t.test('the own cgroup is the memory hierarchy\'s line of /proc/self/cgroup', async (t) => {
  const docker = '12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/docker/abc\n';
  t.equal(ownCgroupPath(docker), '/docker/abc');
  t.throws(() => ownCgroupPath('0::/user.slice\n'), /cgroups v1/);
});

t.test('CPU limits as the kubelet computes the CFS quota', async (t) => {
  t.equal(cpuQuotaMicros(500), 50_000);
  t.equal(cpuQuotaMicros(2000), 200_000);
  t.equal(cpuQuotaMicros(1), 1_000, 'never under the 1 ms minimum');
});

t.test('OOM evidence: the oom_kill counter, else a usage that reached the limit', async (t) => {
  t.equal(oomKillCount('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n'), 2);
  t.equal(oomKillCount('oom_kill_disable 0\nunder_oom 0\n'), undefined);
  t.ok(reachedLimit('0', '33554432\n', '33554432\n'));
  t.ok(reachedLimit('3', '100', '33554432'));
  t.notOk(reachedLimit('0', '1048576', '33554432'));
  t.notOk(reachedLimit('0', '', ''));
});

t.test('exit codes and the signals they stand for', async (t) => {
  t.equal(signalOfExitCode(137), 'SIGKILL');
  t.equal(signalOfExitCode(143), 'SIGTERM');
  t.equal(signalOfExitCode(3), undefined);
  t.equal(exitCodeOf(5, null), 5);
  t.equal(exitCodeOf(null, 'SIGKILL'), 137);
});
