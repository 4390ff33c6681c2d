// What the node agent asks of its container runtime, in the shape of the
// CRI's RuntimeService: a sandbox per pod (network namespace, address,
// hostname, DNS files), then containers in it started by an OCI runtime from an
// image's file system. The pod lifecycle (restarts, probes, status) is the
// agent's; the runtime only starts, stops, waits for and enters processes.
import type { Readable, Writable } from 'node:stream';
import type { ResolvedImage } from './image-store.ts';

export interface DnsConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export interface SandboxConfig {
  podUid: string;
  namespace: string;
  podName: string;
  hostname: string;
  /** Share the node's network namespace (no veth, the node's address). */
  hostNetwork: boolean;
  dns: DnsConfig;
  /** Extra /etc/hosts lines from spec.hostAliases, as "IP name1 name2". */
  hostAliases: string[];
}

export interface Sandbox {
  id: string;
  /** The pod's address: from the node's podCIDR, or the node's own with hostNetwork. */
  ip: string;
  /** /var/run/netns/… path of the pod's network namespace; undefined with hostNetwork. */
  netnsPath: string | undefined;
  /** Files the agent bind-mounts into every container: /etc/hosts, /etc/resolv.conf, /etc/hostname. */
  etcFiles: { hosts: string; resolvConf: string; hostname: string };
}

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerConfig {
  /** The container's name in the pod spec. */
  name: string;
  /** 0 for the first run, then the restart count. */
  attempt: number;
  image: ResolvedImage;
  /** The final argv, with the image's entrypoint rules already applied. */
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
  user: { uid: number; gid: number; supplementalGroups: number[] };
  mounts: Mount[];
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  /** CRI-format log file the runtime writes stdout and stderr to (rotated by the runtime). */
  logPath: string;
  resources: { cpuMillis?: number; memoryBytes?: number };
}

export interface ExitInfo {
  exitCode: number;
  /** The signal that ended the process, if one did. */
  signal: string | undefined;
  /** The kernel's OOM killer ended it (as far as this node's cgroups can tell). */
  oomKilled: boolean;
  startedAt: Date;
  finishedAt: Date;
}

export interface ExecOptions {
  stdin: boolean;
  tty: boolean;
}

/** A process started in a container: exec, or the attachment to the main process. */
export interface ContainerProcess {
  stdin: Writable | undefined;
  stdout: Readable;
  /** Undefined with a TTY (stderr is merged into stdout). */
  stderr: Readable | undefined;
  resize(columns: number, rows: number): void;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number>;
  kill(): void;
}

export interface RunningContainer {
  id: string;
  pid: number;
  startedAt: Date;
  /** Resolves once the main process has ended. */
  exited: Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL after graceSeconds; resolves once it has ended. */
  stop(graceSeconds: number): Promise<ExitInfo>;
  exec(argv: string[], options: ExecOptions): Promise<ContainerProcess>;
  /** The main process's streams (for kubectl attach); stdin only when the container has stdin. */
  attach(options: ExecOptions): Promise<ContainerProcess>;
}

export interface ContainerRuntime {
  runSandbox(config: SandboxConfig): Promise<Sandbox>;
  /** Removes the sandbox's namespace, veth and address; its containers must have ended. */
  removeSandbox(sandbox: Sandbox): Promise<void>;
  startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<RunningContainer>;
  /** Removes a stopped container's state and its writable layer. */
  removeContainer(container: RunningContainer): Promise<void>;
  /** Leftovers of an earlier run of the agent (sandboxes, containers) removed at start. */
  cleanupOrphans(): Promise<void>;
}
