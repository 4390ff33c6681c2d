// kdrill's kube-proxy in iptables mode, run by the node agent in the node's
// network namespace: it watches Services and EndpointSlices (with
// kube-proxy's identity, system:kube-proxy: the node's may not list
// EndpointSlices), and after each change rewrites its rules with one
// `iptables-restore --noflush`. Syncs are rate-limited as kube-proxy's
// --iptables-min-sync-period (default 1 s) with a burst of 2 does (see
// sync-runner.ts): every change made while a sync waits goes into that one sync.
// As kube-proxy since 1.28 (proxier.go syncProxyRules), a sync is partial (see
// ruleset.ts: only the chains of the Services changed since the last sync are
// rewritten) unless a full one is due: the first, the one after a failed sync
// (the changes it took are lost), and one an hour after the last full one. A
// full sync also ensures the jumps from the built-in chains again. It keeps
// kube-proxy's metrics (proxy-metrics.ts: sync durations, the network
// programming latency from each EndpointSlice's last-change-trigger-time) and
// health, and serves them where kube-proxy does (proxy-servers.ts).
import type { ApiClient } from '../../../../kube/api-client.ts';
import { InformerFactory } from '../../../../kube/shared-informer.ts';
import type { KubeObject } from '../../../api/object.ts';
import { performance } from 'node:perf_hooks';
import { lastChangeTriggerTimeAnnotation } from '../../../controllers/endpoint-pods.ts';
import { deleteConntrack, enableLocalhostNodePorts, ensureJumps, natChains, restoreNoFlush } from './base-rules.ts';
import { ProxyHealth } from './proxy-health.ts';
import { ProxyMetrics } from './proxy-metrics.ts';
import { startProxyServers, type ProxyServerAddresses, type RunningProxyServers } from './proxy-servers.ts';
import { buildRuleset } from './ruleset.ts';
import { ServiceChanges } from './service-changes.ts';
import { servicePorts, type EndpointSliceObject, type ServiceObject } from './service-port.ts';
import { staleUdpConntrack, udpTargets, type UdpTargets } from './stale-udp.ts';
import { SyncRunner } from './sync-runner.ts';

/** The iptables proxier's burstSyncs. */
const burstSyncs = 2;
/** proxyutil.FullSyncPeriod. */
const fullSyncPeriodMs = 60 * 60 * 1000;

export interface KubeProxyOptions {
  client: ApiClient;
  nodeName: string;
  clusterCIDR: string;
  /** kube-proxy --iptables-min-sync-period; default 1000. */
  minSyncPeriodMs?: number;
  /** Where to serve /healthz and /metrics (kube-proxy: 0.0.0.0:10256 and 127.0.0.1:10249); absent: not served. */
  servers?: ProxyServerAddresses;
  log(message: string): void;
}

export class KubeProxy {
  private readonly options: KubeProxyOptions;
  private readonly informers: InformerFactory;
  private services: { list(): (ServiceObject & KubeObject)[] } | undefined;
  private slices: { list(): (EndpointSliceObject & KubeObject)[] } | undefined;
  private readonly runner: SyncRunner;
  private udp: UdpTargets = new Map();
  private readonly changes = new ServiceChanges();
  private needFullSync = true;
  private fullSyncTimer: NodeJS.Timeout | undefined;
  readonly metrics = new ProxyMetrics();
  readonly health = new ProxyHealth();
  private servers: RunningProxyServers | undefined;
  /** last-change-trigger-times of the EndpointSlice changes not yet synced (upstream: the EndpointsChangeTracker's). */
  private triggerTimes: string[] = [];
  private readonly startedAt = Date.now();

  constructor(options: KubeProxyOptions) {
    this.options = options;
    this.runner = new SyncRunner(() => this.sync(), { minIntervalMs: options.minSyncPeriodMs ?? 1000, burst: burstSyncs });
    this.informers = new InformerFactory(options.client, { log: options.log });
  }

  async start(): Promise<void> {
    await enableLocalhostNodePorts();
    if (this.options.servers) this.servers = await startProxyServers(this.health, this.metrics, this.options.servers);
    const services = this.informers.for<ServiceObject & KubeObject>('/api/v1/services');
    const slices = this.informers.for<EndpointSliceObject & KubeObject>('/apis/discovery.k8s.io/v1/endpointslices');
    this.services = services;
    this.slices = slices;
    this.informers.start();
    await Promise.all([services.synced(), slices.synced()]);
    const changed = (pending: boolean) => {
      if (pending) this.queueSync();
    };
    const serviceEvent = (previous: ServiceObject | undefined, current: ServiceObject | undefined) => {
      this.metrics.serviceChanges.inc();
      changed(this.changes.serviceEvent(previous, current));
    };
    const sliceEvent = (previous: EndpointSliceObject | undefined, current: EndpointSliceObject | undefined) => {
      if (!this.changes.endpointSliceEvent(previous, current)) return;
      this.metrics.endpointChanges.inc();
      // As the EndpointsChangeTracker: trigger times from before this proxy started are not its latency.
      const trigger = (current ?? previous)?.metadata?.annotations?.[lastChangeTriggerTimeAnnotation];
      if (trigger && Date.parse(trigger) >= this.startedAt) this.triggerTimes.push(trigger);
      changed(true);
    };
    services.on({
      add: (service) => serviceEvent(undefined, service),
      update: (previous, service) => serviceEvent(previous, service),
      delete: (service) => serviceEvent(service, undefined),
    });
    slices.on({
      add: (slice) => sliceEvent(undefined, slice),
      update: (previous, slice) => sliceEvent(previous, slice),
      delete: (slice) => sliceEvent(slice, undefined),
    });
    this.queueSync();
  }

  private queueSync(): void {
    this.health.queued();
    this.metrics.lastQueued.setToCurrentTime();
    this.runner.request();
  }

  private async sync(): Promise<void> {
    const started = performance.now();
    const full = this.needFullSync;
    const changedServices = this.changes.checkout();
    const triggerTimes = this.triggerTimes;
    this.triggerTimes = [];
    const ports = servicePorts(this.services?.list() ?? [], this.slices?.list() ?? [], this.options.nodeName);
    try {
      if (full) await ensureJumps();
      const state = { clusterCIDR: this.options.clusterCIDR, existingNatChains: await natChains() };
      const rules = buildRuleset(ports, state, full ? { full } : { full, changedServices });
      await restoreNoFlush(rules.input);
      for (const [table, count] of Object.entries(rules.ruleCounts)) this.metrics.rules.set({ table }, count);
    } catch (err) {
      this.metrics.restoreFailures.inc();
      if (!full) this.metrics.partialRestoreFailures.inc();
      this.needFullSync = true;
      this.options.log(`kube-proxy: ${full ? 'full' : 'partial'} sync failed: ${(err as Error).message}`);
      this.queueSync();
      return;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.syncDuration.observe(seconds);
      (full ? this.metrics.fullSyncDuration : this.metrics.partialSyncDuration).observe(seconds);
    }
    const now = Date.now();
    this.health.updated();
    this.metrics.lastSync.set(now / 1000);
    for (const trigger of triggerTimes) this.metrics.observeProgrammed(trigger, now);
    if (full) {
      this.needFullSync = false;
      this.scheduleFullSync();
    }
    const udp = udpTargets(ports);
    for (const args of staleUdpConntrack(this.udp, udp)) await deleteConntrack(args);
    this.udp = udp;
  }

  private scheduleFullSync(): void {
    clearTimeout(this.fullSyncTimer);
    this.fullSyncTimer = setTimeout(() => {
      this.needFullSync = true;
      this.queueSync();
    }, fullSyncPeriodMs);
  }

  /** Stops watching; the rules stay, as when kube-proxy exits. */
  async stop(): Promise<void> {
    await this.runner.stop();
    clearTimeout(this.fullSyncTimer);
    await this.informers.stop();
    await this.servers?.close();
  }
}
