// What the node agent reads about the machine (a node container) it runs on:
// cpu and memory from its cgroup limits when lower than the machine's (as
// cAdvisor sees a container), the file system under its root directory, and
// the identities the kubelet puts in nodeInfo.
import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** cpu cores the cgroup allows (v2 cpu.max or v1 cfs quota), or the machine's. */
export function machineCpu(): string {
  const machine = cpus().length;
  const v2 = read('/sys/fs/cgroup/cpu.max')?.split(/\s+/);
  let quota: number | undefined;
  let period: number | undefined;
  if (v2 && v2[0] !== 'max') {
    quota = Number(v2[0]);
    period = Number(v2[1]);
  } else if (!v2) {
    quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') ?? -1);
    period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us') ?? 100_000);
  }
  if (quota !== undefined && period && quota > 0) {
    const millis = Math.floor((quota / period) * 1000);
    if (millis < machine * 1000) return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
  }
  return String(machine);
}

/** Memory the cgroup allows (v2 memory.max or v1 limit_in_bytes), or the machine's, in Ki as the kubelet reports it. */
export function machineMemory(): string {
  const machine = totalmem();
  const limit = Number(read('/sys/fs/cgroup/memory.max') ?? read('/sys/fs/cgroup/memory/memory.limit_in_bytes') ?? NaN);
  const bytes = Number.isFinite(limit) && limit > 0 && limit < machine ? limit : machine;
  return `${Math.floor(bytes / 1024)}Ki`;
}

/** Size of the file system holding dir (ephemeral-storage capacity). */
export function fileSystemBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return s.blocks * s.bsize;
  } catch {
    return 0;
  }
}

export function goArch(): string {
  const names: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386' };
  return names[arch()] ?? arch();
}

export interface MachineIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
}

export function machineIdentity(): MachineIdentity {
  const osRelease = read('/etc/os-release') ?? '';
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Linux';
  const machineID = read('/etc/machine-id') ?? '';
  return {
    machineID,
    systemUUID: read('/sys/class/dmi/id/product_uuid') ?? machineID,
    bootID: read('/proc/sys/kernel/random/boot_id') ?? '',
    kernelVersion: release(),
    osImage: pretty,
  };
}
