// One pod on this node, driven as the kubelet's pod worker drives it
// (pod_workers.go, kuberuntime_manager.go computePodActions): volumes, then
// the sandbox, then init containers in order (sidecars, init containers with
// restartPolicy Always, started in order and kept running), then the
// containers; exits restarted per restartPolicy with the crash-loop back-off;
// probes; status written to pods/status after every change; and on deletion
// graceful termination (preStop, SIGTERM, SIGKILL after the grace period),
// then the pod removed from the API with grace 0, as the status manager does.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiRequestError, type ApiClient } from '../../kube/api-client.ts';
import type { EventRecorder } from '../../kube/event-recorder.ts';
import { parseQuantity } from '../api/validation/quantity.ts';
import { containerEnv, withImageEnv, type ConfigSources } from './container-env.ts';
import { exitReason, isStarted, lastExit, newContainerRecord, type ContainerKind, type ContainerRecord } from './container-record.ts';
import type { ContainerConfig, ContainerRuntime, ExitInfo, RunningContainer, Sandbox } from './container-runtime.ts';
import { containerArgv } from './entrypoint.ts';
import { lookupIn } from './env-expansion.ts';
import type { ImagePuller } from './image-pull.ts';
import { containerUser } from './image-user.ts';
import { hookFailureMessage, runLifecycleHandler } from './lifecycle-hooks.ts';
import { podDns, type ClusterDns } from './pod-dns.ts';
import { containerID, podPhase, podStatus, type PodRunState } from './pod-status.ts';
import { isSidecar, type Container, type Pod } from './pod-types.ts';
import { ProbeWorker, probeTitle, type ProbeKind } from './probes/probe-worker.ts';
import { runProbe } from './probes/run-probe.ts';
import { createTerminationMessageFile, terminationMessage } from './termination-message.ts';
import type { RestartBackoff } from './restart-backoff.ts';
import type { ServiceAccountTokens } from './volumes/service-account-token.ts';
import { PodVolumes, VolumeSetupError } from './volumes/pod-volumes.ts';

export interface PodWorkerDeps {
  nodeIP: string;
  rootDir: string;
  podLogDir: string;
  dns: ClusterDns;
  runtime: ContainerRuntime;
  puller: ImagePuller;
  crashBackoff: RestartBackoff;
  client: ApiClient;
  events: EventRecorder;
  sources: ConfigSources;
  tokens: ServiceAccountTokens;
  serviceEnv(pod: Pod): ReadonlyMap<string, string>;
  nodeAllocatable(): Record<string, string>;
  log(message: string): void;
}

/** kuberuntime's minimumGracePeriodInSeconds: no container is given less to stop. */
const minimumGraceSeconds = 2;
/** How soon a pod whose volumes or sandbox failed is tried again. */
const retryMs = 2_000;
/** How often the projected files of a running pod are rewritten (the kubelet resyncs every minute or so). */
const resyncMs = 60_000;

/** Go's time.Duration formatting for whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

function shouldRestart(record: ContainerRecord, policy: string): boolean {
  if (record.kind === 'sidecar') return true;
  const exit = lastExit(record);
  if (!exit) return true;
  if (record.kind === 'init') return exit.exitCode !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
}

function resourceLimits(container: Container): ContainerConfig['resources'] {
  const limits = container.resources?.limits ?? {};
  const cpu = limits.cpu === undefined ? undefined : parseQuantity(limits.cpu)?.nanos;
  const memory = limits.memory === undefined ? undefined : parseQuantity(limits.memory)?.nanos;
  return {
    ...(cpu !== undefined ? { cpuMillis: Number((cpu + 999_999n) / 1_000_000n) } : {}),
    ...(memory !== undefined ? { memoryBytes: Number((memory + 999_999_999n) / 1_000_000_000n) } : {}),
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === 404;
}

export class PodWorker {
  private pod: Pod;
  private readonly deps: PodWorkerDeps;
  private readonly uid: string;
  private readonly records: ContainerRecord[];
  private readonly volumes: PodVolumes;
  private sandbox: Sandbox | undefined;
  private initialized = false;
  private readonly startTime: Date;
  /** The pod left the API (deleted outright) or is being deleted. */
  private goneFromApi = false;
  private terminating = false;
  /** Its containers ended for good (Succeeded or Failed): nothing runs again. */
  private ended = false;
  private finished = false;
  private failure: PodRunState['failure'];
  private readonly observeOnly: boolean;
  private lastWritten = '';
  private lastResync = 0;
  private dirty = false;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private readonly markDone: () => void;
  /** Resolves once the pod is gone from this node (containers, sandbox, volumes). */
  readonly done: Promise<void>;

  constructor(pod: Pod, deps: PodWorkerDeps) {
    this.pod = pod;
    this.deps = deps;
    this.uid = pod.metadata?.uid ?? '';
    const statuses = [
      ...((pod.status?.initContainerStatuses as { name: string; restartCount?: number; containerID?: string }[] | undefined) ?? []),
      ...((pod.status?.containerStatuses as { name: string; restartCount?: number; containerID?: string }[] | undefined) ?? []),
    ];
    const startsBefore = (name: string) => {
      const s = statuses.find((c) => c.name === name);
      return s?.containerID ? (s.restartCount ?? 0) + 1 : 0;
    };
    const record = (c: Container, kind: ContainerKind) => newContainerRecord(c, kind, startsBefore(c.name));
    this.records = [
      ...(pod.spec?.initContainers ?? []).map((c) => record(c, isSidecar(c) ? 'sidecar' : 'init')),
      ...(pod.spec?.containers ?? []).map((c) => record(c, 'regular')),
    ];
    const start = pod.status?.startTime;
    this.startTime = start ? new Date(start) : new Date();
    this.volumes = new PodVolumes(pod, {
      client: deps.client,
      rootDir: deps.rootDir,
      sources: deps.sources,
      nodeAllocatable: deps.nodeAllocatable(),
      serviceAccountToken: (audience, seconds) => deps.tokens.token(this.pod, audience, seconds),
    });
    let markDone!: () => void;
    this.done = new Promise((resolve) => (markDone = resolve));
    this.markDone = markDone;
    const phase = pod.status?.phase;
    // Ended before this agent saw it: nothing of it runs here, and its status stays as it is.
    this.observeOnly = phase === 'Succeeded' || phase === 'Failed';
    this.ended = this.observeOnly;
    this.kick();
  }

  /** A newer version of the pod from the API. */
  update(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp) this.terminating = true;
    this.kick();
  }

  /** The pod is gone from the API: stop everything now. */
  remove(): void {
    this.goneFromApi = true;
    this.terminating = true;
    this.kick();
  }

  /** Stops the pod's containers as when the agent stops (the pod stays in the API). */
  async shutdown(): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    await this.loop;
    for (const r of this.records) this.stopProbes(r);
  }

  runningContainer(name: string): RunningContainer | undefined {
    return this.records.find((r) => r.spec.name === name)?.running;
  }

  podIP(): string | undefined {
    return this.sandbox?.ip;
  }

  logPath(name: string, previous: boolean): string | undefined {
    const r = this.records.find((r) => r.spec.name === name);
    if (!r || r.logPaths.length === 0) return undefined;
    return r.logPaths.at(previous ? -2 : -1);
  }

  private kick(): void {
    this.dirty = true;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  private syncAfter(ms: number): void {
    const at = Date.now() + Math.max(0, ms);
    if (this.timer && at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, ms));
  }

  private async run(): Promise<void> {
    while (this.dirty && !this.finished) {
      this.dirty = false;
      try {
        await this.sync();
      } catch (err) {
        this.deps.log(`pod ${this.describe()}: ${(err as Error).stack ?? String(err)}`);
        this.syncAfter(retryMs);
      }
    }
  }

  private describe(): string {
    const m = this.pod.metadata ?? {};
    return `${m.namespace}/${m.name}`;
  }

  /** /var/log/pods/NAMESPACE_NAME_UID, the pod's CRI log directory. */
  private logDir(): string {
    const m = this.pod.metadata ?? {};
    return join(this.deps.podLogDir, `${m.namespace}_${m.name}_${this.uid}`);
  }

  /** format.Pod: NAME_NAMESPACE(UID), as the kubelet names pods in messages. */
  private podRef(): string {
    const m = this.pod.metadata ?? {};
    return `${m.name}_${m.namespace}(${this.uid})`;
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.events.record(this.pod, type, reason, message);
  }

  private async sync(): Promise<void> {
    if (this.terminating) return this.terminate();
    if (this.ended) return this.finishEnded();
    if (this.pastActiveDeadline()) {
      this.failure = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };
      this.event('Normal', 'DeadlineExceeded', this.failure.message);
      this.ended = true;
      return this.finishEnded();
    }
    try {
      const now = Date.now();
      if (now - this.lastResync >= resyncMs || !this.sandbox) {
        await this.volumes.setUp(this.pod);
        this.lastResync = now;
        this.syncAfter(resyncMs);
      }
    } catch (err) {
      const volume = err instanceof VolumeSetupError ? err.volume : '';
      this.event('Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${volume}" : ${(err as Error).message}`);
      this.syncAfter(retryMs);
      return this.writeStatus();
    }
    if (!this.sandbox && !(await this.createSandbox())) return this.writeStatus();
    if (!this.initialized) this.initialized = await this.syncInitContainers();
    else await this.keepSidecars();
    if (this.initialized) await this.syncContainers();
    const phase = podPhase(this.state());
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.ended = true;
      return this.finishEnded();
    }
    await this.writeStatus();
  }

  private state(): PodRunState {
    return {
      pod: this.pod,
      records: this.records,
      podIP: this.sandbox?.ip ?? (this.pod.status?.podIP || undefined),
      hostIP: this.deps.nodeIP,
      sandboxReady: this.sandbox !== undefined,
      initialized: this.initialized,
      startTime: this.startTime,
      terminating: this.terminating || this.ended,
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  /** activeDeadlineSeconds (pkg/kubelet/active_deadline.go), counted from startTime; a sync is due when it passes. */
  private pastActiveDeadline(): boolean {
    const deadline = this.pod.spec?.activeDeadlineSeconds;
    if (deadline === undefined) return false;
    const left = this.startTime.getTime() + deadline * 1000 - Date.now();
    if (left > 0) this.syncAfter(left);
    return left <= 0;
  }

  private async createSandbox(): Promise<boolean> {
    const m = this.pod.metadata ?? {};
    const spec = this.pod.spec ?? {};
    try {
      this.sandbox = await this.deps.runtime.runSandbox({
        podUid: this.uid,
        namespace: m.namespace ?? '',
        podName: m.name ?? '',
        hostname: (spec.hostname || m.name || '').slice(0, 63),
        hostNetwork: spec.hostNetwork ?? false,
        dns: podDns(this.pod, this.deps.dns),
        hostAliases: (spec.hostAliases ?? []).map((a) => [a.ip, ...(a.hostnames ?? [])].join(' ')),
      });
      return true;
    } catch (err) {
      this.event('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(err as Error).message}`);
      this.syncAfter(retryMs);
      return false;
    }
  }

  /** Runs the init sequence one step further; true once every init container completed (sidecars: started). */
  private async syncInitContainers(): Promise<boolean> {
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    for (const r of this.records) {
      if (r.kind === 'regular') continue;
      this.applyProbeKill(r);
      if (r.running) {
        if (r.kind === 'sidecar' && isStarted(r)) continue;
        return false;
      }
      const exit = lastExit(r);
      if (r.kind === 'init' && exit?.exitCode === 0 && r.starts > 0) continue;
      if (exit && !shouldRestart(r, policy)) return false;
      await this.startContainer(r);
      return false;
    }
    return true;
  }

  /** After initialization, sidecars that exit are started again (with back-off) whatever the restartPolicy. */
  private async keepSidecars(): Promise<void> {
    for (const r of this.records) {
      if (r.kind !== 'sidecar') continue;
      this.applyProbeKill(r);
      if (!r.running) await this.startContainer(r);
    }
  }

  private async syncContainers(): Promise<void> {
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    for (const r of this.records) {
      if (r.kind !== 'regular') continue;
      this.applyProbeKill(r);
      if (r.running) continue;
      if (r.starts > 0 && lastExit(r) && !shouldRestart(r, policy)) {
        r.waiting = undefined;
        continue;
      }
      await this.startContainer(r);
    }
  }

  /** A container that failed its liveness or startup probe is stopped, to be restarted. */
  private applyProbeKill(r: ContainerRecord): void {
    const running = r.running;
    if (!running || !r.probeKill) return;
    const kind = r.probeKill;
    r.probeKill = undefined;
    this.event('Normal', 'Killing', `Container ${r.spec.name} failed ${kind} probe, will be restarted`);
    this.stopProbes(r);
    void this.stopContainer(r, running, this.graceSeconds(r.spec[`${kind}Probe`]?.terminationGracePeriodSeconds));
  }

  private graceSeconds(override?: number): number {
    const m = this.pod.metadata ?? {};
    const seconds = override ?? (this.terminating ? m.deletionGracePeriodSeconds : undefined) ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(minimumGraceSeconds, seconds);
  }

  private async startContainer(r: ContainerRecord): Promise<void> {
    const sandbox = this.sandbox;
    if (!sandbox) return;
    const now = Date.now();
    const name = r.spec.name;
    const key = `${this.uid}/${name}`;
    const exit = lastExit(r);
    if (exit) {
      const finishedMs = exit.finishedAt.getTime();
      if (this.deps.crashBackoff.isInBackOffSince(key, finishedMs, now)) {
        const backoff = this.deps.crashBackoff.get(key);
        r.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(backoff)} restarting failed container=${name} pod=${this.podRef()}` };
        this.event('Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${this.podRef()}`);
        this.syncAfter(this.deps.crashBackoff.readyAt(key, finishedMs) - now);
        return;
      }
      this.deps.crashBackoff.next(key, finishedMs, now);
    }
    const pulled = await this.deps.puller.ensure(this.uid, r.spec, now);
    for (const e of pulled.events) this.event(e.type, e.reason, e.message);
    if (!pulled.image) {
      r.waiting = { reason: pulled.reason, message: pulled.message };
      this.event('Warning', 'Failed', `Error: ${pulled.reason}`);
      if (pulled.retryAtMs !== undefined) this.syncAfter(pulled.retryAtMs - now);
      return;
    }
    const image = pulled.image;
    r.imageID = image.id;
    let config: ContainerConfig;
    try {
      const podWithIPs: Pod = {
        ...this.pod,
        status: { ...this.pod.status, hostIP: this.deps.nodeIP, hostIPs: [{ ip: this.deps.nodeIP }], podIP: sandbox.ip, podIPs: [{ ip: sandbox.ip }] },
      };
      const env = await containerEnv({
        pod: podWithIPs,
        container: r.spec,
        sources: this.deps.sources,
        serviceEnv: this.deps.serviceEnv(this.pod),
        nodeAllocatable: this.deps.nodeAllocatable(),
      });
      const hostname = (this.pod.spec?.hostname || this.pod.metadata?.name || '').slice(0, 63);
      const fullEnv = withImageEnv(image.config.env, { HOSTNAME: hostname, ...env });
      const logDir = join(this.logDir(), name);
      const messagePath = r.spec.terminationMessagePath ?? '/dev/termination-log';
      r.terminationMessageFile = messagePath ? await createTerminationMessageFile(this.volumes.podDir, name) : undefined;
      config = {
        name,
        attempt: r.starts,
        image,
        argv: containerArgv(r.spec.command, r.spec.args, image.config, lookupIn(new Map(Object.entries(env)))),
        env: fullEnv,
        workingDir: r.spec.workingDir || image.config.workingDir || '/',
        user: containerUser(this.pod, r.spec, image),
        mounts: [
          ...(await this.volumes.mountsFor(r.spec)),
          { hostPath: sandbox.etcFiles.hosts, containerPath: '/etc/hosts', readOnly: false },
          { hostPath: sandbox.etcFiles.resolvConf, containerPath: '/etc/resolv.conf', readOnly: false },
          { hostPath: sandbox.etcFiles.hostname, containerPath: '/etc/hostname', readOnly: false },
          ...(r.terminationMessageFile ? [{ hostPath: r.terminationMessageFile, containerPath: messagePath, readOnly: false }] : []),
        ],
        stdin: r.spec.stdin ?? false,
        stdinOnce: r.spec.stdinOnce ?? false,
        tty: r.spec.tty ?? false,
        logPath: join(logDir, `${r.starts}.log`),
        resources: resourceLimits(r.spec),
      };
    } catch (err) {
      r.waiting = { reason: 'CreateContainerConfigError', message: (err as Error).message };
      this.event('Warning', 'Failed', `Error: ${(err as Error).message}`);
      this.syncAfter(retryMs * 5);
      return;
    }
    r.starts++;
    r.logPaths.push(config.logPath);
    let running: RunningContainer;
    try {
      running = await this.deps.runtime.startContainer(sandbox, config);
    } catch (err) {
      const at = new Date();
      const message = (err as Error).message;
      this.event('Warning', 'Failed', `Error: ${message}`);
      this.noteExit(r, undefined, { exitCode: 128, signal: undefined, oomKilled: false, startedAt: at, finishedAt: at }, 'StartError', message);
      return;
    }
    r.running = running;
    r.waiting = undefined;
    this.event('Normal', 'Created', `Created container: ${name}`);
    this.event('Normal', 'Started', `Started container ${name}`);
    const postStart = r.spec.lifecycle?.postStart;
    if (postStart) {
      const failure = await runLifecycleHandler(postStart, { container: r.spec, running, podIP: sandbox.ip }, this.graceSeconds() * 1000);
      if (failure !== undefined) {
        this.event('Warning', 'FailedPostStartHook', hookFailureMessage(postStart, name, this.podRef(), failure));
        void this.stopContainer(r, running, this.graceSeconds());
      }
    }
    this.startProbes(r, running);
    void running.exited.then(
      (info) => this.finishRun(r, running, info),
      (err: Error) => {
        const at = new Date();
        this.noteExit(r, running, { exitCode: 128, signal: undefined, oomKilled: false, startedAt: running.startedAt, finishedAt: at }, 'Error', err.message);
      },
    );
  }

  /** A run ended: its termination message read, then its exit noted. */
  private async finishRun(r: ContainerRecord, running: RunningContainer, info: ExitInfo): Promise<void> {
    const file = r.terminationMessageFile;
    const logPath = r.logPaths.at(-1) ?? '';
    const message = await terminationMessage(r.spec, file, logPath, info.exitCode);
    this.noteExit(r, running, info, undefined, message || undefined);
  }

  private noteExit(r: ContainerRecord, running: RunningContainer | undefined, info: ExitInfo, reason?: string, message?: string): void {
    if (running && r.running !== running) return;
    r.running = undefined;
    this.stopProbes(r);
    r.exits = [
      ...r.exits.slice(-1),
      {
        exitCode: info.exitCode,
        reason: reason ?? exitReason(info.exitCode, info.oomKilled),
        ...(message ? { message } : {}),
        ...(info.signal ? { signal: info.signal } : {}),
        startedAt: info.startedAt,
        finishedAt: info.finishedAt,
        containerID: running ? containerID(running.id) : '',
      },
    ];
    if (running) void this.deps.runtime.removeContainer(running).catch((err: Error) => this.deps.log(`pod ${this.describe()}: removing container ${r.spec.name}: ${err.message}`));
    this.kick();
  }

  private startProbes(r: ContainerRecord, running: RunningContainer): void {
    const startedAtMs = running.startedAt.getTime();
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = r.spec[`${kind}Probe`];
      if (!probe) continue;
      r.probes[kind] = new ProbeWorker({
        kind,
        probe,
        startedAtMs,
        run: (timeoutMs) => runProbe(probe, { container: r.spec, running, podIP: this.sandbox?.ip ?? '' }, timeoutMs),
        isStarted: () => isStarted(r),
        onFailure: (output) => this.event('Warning', 'Unhealthy', `${probeTitle(kind)} probe failed: ${output}`),
        onResult: (success) => this.onProbeResult(r, running, kind, success),
      });
    }
  }

  private onProbeResult(r: ContainerRecord, running: RunningContainer, kind: ProbeKind, success: boolean): void {
    if (r.running !== running) return;
    if (!success && (kind === 'liveness' || kind === 'startup')) r.probeKill = kind;
    this.kick();
  }

  private stopProbes(r: ContainerRecord): void {
    for (const p of Object.values(r.probes)) p.stop();
    r.probes = {};
  }

  /** preStop (within the grace period), then SIGTERM and SIGKILL after what is left of it. */
  private async stopContainer(r: ContainerRecord, running: RunningContainer, graceSeconds: number): Promise<void> {
    const began = Date.now();
    const preStop = r.spec.lifecycle?.preStop;
    if (preStop) {
      const failure = await runLifecycleHandler(preStop, { container: r.spec, running, podIP: this.sandbox?.ip ?? '' }, graceSeconds * 1000);
      if (failure !== undefined) this.event('Warning', 'FailedPreStopHook', hookFailureMessage(preStop, r.spec.name, this.podRef(), failure));
    }
    const left = Math.max(minimumGraceSeconds, graceSeconds - Math.floor((Date.now() - began) / 1000));
    try {
      await this.finishRun(r, running, await running.stop(left));
    } catch (err) {
      this.deps.log(`pod ${this.describe()}: stopping container ${r.spec.name}: ${(err as Error).message}`);
    }
  }

  /** Regular containers together, then sidecars in reverse order, as the kubelet stops a pod. */
  private async stopAll(graceSeconds: number, announce: boolean): Promise<void> {
    const stop = (r: ContainerRecord) => {
      const running = r.running;
      if (!running) return Promise.resolve();
      if (announce) this.event('Normal', 'Killing', `Stopping container ${r.spec.name}`);
      this.stopProbes(r);
      return this.stopContainer(r, running, graceSeconds);
    };
    await Promise.all(this.records.filter((r) => r.kind !== 'sidecar').map(stop));
    for (const r of this.records.filter((r) => r.kind === 'sidecar').reverse()) await stop(r);
  }

  private async releaseNodeResources(): Promise<void> {
    if (this.sandbox) {
      await this.deps.runtime.removeSandbox(this.sandbox);
      this.sandbox = undefined;
    }
    await this.volumes.tearDown();
  }

  /** The pod ended (Succeeded or Failed): sidecars stop, the sandbox and volumes go, the status stays. */
  private async finishEnded(): Promise<void> {
    for (const r of this.records) r.waiting = undefined;
    await this.stopAll(this.graceSeconds(), true);
    await this.releaseNodeResources();
    await this.writeStatus();
  }

  private async terminate(): Promise<void> {
    await this.stopAll(this.graceSeconds(), true);
    for (const r of this.records) r.waiting = undefined;
    await this.releaseNodeResources();
    // The kubelet's container GC removes a deleted pod's log directory with it.
    await rm(this.logDir(), { recursive: true, force: true });
    this.deps.puller.forget(this.uid);
    this.deps.crashBackoff.forget(`${this.uid}/`);
    this.deps.tokens.forget(this.uid);
    if (!this.goneFromApi) {
      await this.writeStatus();
      const m = this.pod.metadata ?? {};
      try {
        await this.deps.client.delete(`/api/v1/namespaces/${m.namespace}/pods/${m.name}`, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof ApiRequestError && err.code === 409)) throw err;
      }
    }
    this.finished = true;
    clearTimeout(this.timer);
    this.markDone();
  }

  private async writeStatus(): Promise<void> {
    if (this.goneFromApi || this.observeOnly) return;
    const status = podStatus(this.state(), Date.now());
    const text = JSON.stringify(status);
    if (text === this.lastWritten) return;
    const m = this.pod.metadata ?? {};
    try {
      await this.deps.client.patch(`/api/v1/namespaces/${m.namespace}/pods/${m.name}/status`, 'merge', { status });
      this.lastWritten = text;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
