// The cgroup (v1) of one container, nested under the node's own cgroup:
// <own>/kdrill/<container id> carries the memory and CPU limits, and crun
// puts the process in a child of it ("main"). The limits sit on the parent
// because crun removes its own cgroup when the process ends, and the runtime
// must still read afterwards whether the memory limit was hit.
import { mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CGROUP_ROOT = '/sys/fs/cgroup';
const CPU_PERIOD_MICROS = 100_000;
const MIN_CPU_QUOTA_MICROS = 1_000;
const PAGE_BYTES = 4096;

/** The path of the calling process's cgroup in the v1 memory hierarchy, from /proc/self/cgroup. */
export function ownCgroupPath(procSelfCgroup: string): string {
  for (const line of procSelfCgroup.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('memory') && path !== undefined) return path;
  }
  throw new Error('no cgroup v1 memory hierarchy in /proc/self/cgroup: the node runtime needs cgroups v1');
}

/** CFS quota for a CPU limit in millicores, as the kubelet computes it (MilliCPUToQuota). */
export function cpuQuotaMicros(cpuMillis: number): number {
  return Math.max(Math.floor((cpuMillis * CPU_PERIOD_MICROS) / 1000), MIN_CPU_QUOTA_MICROS);
}

/** Reads the oom_kill counter of memory.oom_control (Linux 4.13 and later). */
export function oomKillCount(oomControl: string): number | undefined {
  const match = /^oom_kill (\d+)$/m.exec(oomControl);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Whether a v1 memory cgroup's usage ever hit its limit, from memory.failcnt, max_usage_in_bytes and limit_in_bytes. */
export function reachedLimit(failCount: string, maxUsage: string, limit: string): boolean {
  if (Number(failCount.trim()) > 0) return true;
  const peak = Number(maxUsage.trim());
  const ceiling = Number(limit.trim());
  return Number.isFinite(peak) && Number.isFinite(ceiling) && ceiling > 0 && peak >= ceiling - PAGE_BYTES;
}

async function writeIfPresent(file: string, value: string): Promise<void> {
  await writeFile(file, value).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

async function removeTree(directory: string): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await removeTree(join(directory, entry.name));
  await rmdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

export class ContainerCgroup {
  /** The parent of every container cgroup of this runtime, relative to each hierarchy's root. */
  static async runtimeParent(): Promise<string> {
    const own = ownCgroupPath(await readFile('/proc/self/cgroup', 'utf8'));
    if (own === '/') {
      throw new Error('the node agent runs in the root cgroup (a private cgroup namespace?): run the node container with --cgroupns=host');
    }
    return `${own}/kdrill`;
  }

  /** Removes every container cgroup under parent, in every hierarchy. */
  static async removeAll(parent: string): Promise<void> {
    for (const hierarchy of await readdir(CGROUP_ROOT)) await removeTree(join(CGROUP_ROOT, hierarchy, parent));
  }

  static async create(parent: string, containerId: string, resources: { cpuMillis?: number; memoryBytes?: number }): Promise<ContainerCgroup> {
    const cgroup = new ContainerCgroup(`${parent}/${containerId}`);
    const memory = join(CGROUP_ROOT, 'memory', cgroup.path);
    const cpu = join(CGROUP_ROOT, 'cpu', cgroup.path);
    await mkdir(memory, { recursive: true });
    await mkdir(cpu, { recursive: true });
    if (resources.memoryBytes !== undefined) {
      await writeFile(join(memory, 'memory.limit_in_bytes'), String(resources.memoryBytes));
      // Without swap accounting the file is absent; with it, swap must not lift the limit.
      await writeIfPresent(join(memory, 'memory.memsw.limit_in_bytes'), String(resources.memoryBytes));
    }
    if (resources.cpuMillis !== undefined) {
      await writeIfPresent(join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_MICROS));
      await writeIfPresent(join(cpu, 'cpu.cfs_quota_us'), String(cpuQuotaMicros(resources.cpuMillis)));
    }
    return cgroup;
  }

  /** Relative to each hierarchy's root. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The cgroupsPath crun creates the process in. */
  get processPath(): string {
    return `${this.path}/main`;
  }

  /**
   * Whether the kernel's OOM killer killed a process of this container, given
   * that its main process ended by a SIGKILL the runtime did not send. cgroup
   * v1 counts an OOM kill (oom_kill in memory.oom_control) in the victim's own
   * cgroup, crun's child, which is gone by now, and this kernel leaves
   * memory.failcnt at 0: so a peak usage that reached the limit counts too.
   */
  async oomKilled(killedBySigkill: boolean): Promise<boolean> {
    const read = (file: string): Promise<string> => readFile(join(CGROUP_ROOT, 'memory', this.path, file), 'utf8').catch(() => '');
    if ((oomKillCount(await read('memory.oom_control')) ?? 0) > 0) return true;
    if (!killedBySigkill) return false;
    return reachedLimit(await read('memory.failcnt'), await read('memory.max_usage_in_bytes'), await read('memory.limit_in_bytes'));
  }

  async remove(): Promise<void> {
    for (const hierarchy of await readdir(CGROUP_ROOT)) await removeTree(join(CGROUP_ROOT, hierarchy, this.path));
  }
}
