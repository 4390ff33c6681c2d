// The OCI runtime spec (config.json) of one container: the process, the root
// file system, the mounts every Linux container gets (as runc's and
// containerd's defaults), the pod's /etc files and volumes, namespaces (the
// sandbox's network namespace by path, new pid, ipc, uts and mount ones),
// Docker's default capabilities and the cgroup the runtime made for it.

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface OciSpecInput {
  rootfs: string;
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
  user: { uid: number; gid: number; supplementalGroups: number[] };
  hostname: string;
  /** The sandbox's network namespace; undefined for hostNetwork (the node's namespaces). */
  netnsPath: string | undefined;
  etcFiles: { hosts: string; resolvConf: string; hostname: string };
  mounts: { hostPath: string; containerPath: string; readOnly: boolean }[];
  cgroupsPath: string;
  /** The process gets a terminal of its own inside the container (crun copies it to and from crun's stdio). */
  terminal: boolean;
}

export const DOCKER_DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const MASKED_PATHS = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

const SYSTEM_MOUNTS: OciMount[] = [
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
  {
    destination: '/dev/pts',
    type: 'devpts',
    source: 'devpts',
    options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
  },
  { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
];

function bindMount(source: string, destination: string, readOnly: boolean): OciMount {
  return { destination, type: 'bind', source, options: ['rbind', 'rprivate', readOnly ? 'ro' : 'rw'] };
}

/** The container's environment: the given variables, plus PATH and HOSTNAME as containerd adds them when absent. */
export function containerEnv(env: Record<string, string>, hostname: string): string[] {
  const entries = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  if (!('PATH' in env)) entries.unshift(`PATH=${DEFAULT_PATH}`);
  if (!('HOSTNAME' in env)) entries.push(`HOSTNAME=${hostname}`);
  return entries;
}

export function ociSpec(input: OciSpecInput): Record<string, unknown> {
  const hostNetwork = input.netnsPath === undefined;
  const namespaces: { type: string; path?: string }[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'mount' }];
  // A hostNetwork pod shares the node's network and UTS namespaces, as the kubelet runs it.
  if (!hostNetwork) namespaces.push({ type: 'network', path: input.netnsPath }, { type: 'uts' });
  const mounts: OciMount[] = [
    ...SYSTEM_MOUNTS,
    bindMount(input.etcFiles.hosts, '/etc/hosts', false),
    bindMount(input.etcFiles.resolvConf, '/etc/resolv.conf', false),
    bindMount(input.etcFiles.hostname, '/etc/hostname', false),
    ...input.mounts.map((mount) => bindMount(mount.hostPath, mount.containerPath, mount.readOnly)),
  ];
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: input.terminal,
      user: { uid: input.user.uid, gid: input.user.gid, additionalGids: input.user.supplementalGroups },
      args: input.argv,
      env: containerEnv(input.env, input.hostname),
      cwd: input.workingDir === '' ? '/' : input.workingDir,
      capabilities: {
        bounding: DOCKER_DEFAULT_CAPABILITIES,
        effective: DOCKER_DEFAULT_CAPABILITIES,
        permitted: DOCKER_DEFAULT_CAPABILITIES,
      },
      noNewPrivileges: false,
    },
    root: { path: input.rootfs, readonly: false },
    ...(hostNetwork ? {} : { hostname: input.hostname }),
    mounts,
    linux: {
      cgroupsPath: input.cgroupsPath,
      namespaces,
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}
