// kdrill's kube-proxy in iptables mode, run by the node agent in the node's
// network namespace: it watches Services and EndpointSlices (with
// kube-proxy's identity, system:kube-proxy: the node's may not list
// EndpointSlices), and after each change rewrites its rules with one
// `iptables-restore --noflush`. Syncs are rate-limited as kube-proxy's
// --iptables-min-sync-period (default 1 s) with a burst of 2 does (see
// sync-runner.ts): every change made while a sync waits goes into that one sync.
import type { ApiClient } from '../../../../kube/api-client.ts';
import { InformerFactory } from '../../../../kube/shared-informer.ts';
import type { KubeObject } from '../../../api/object.ts';
import { deleteConntrack, enableLocalhostNodePorts, ensureJumps, natChains, restoreNoFlush } from './base-rules.ts';
import { ruleset } from './ruleset.ts';
import { servicePorts, type EndpointSliceObject, type ServiceObject } from './service-port.ts';
import { staleUdpConntrack, udpTargets, type UdpTargets } from './stale-udp.ts';
import { SyncRunner } from './sync-runner.ts';

/** The iptables proxier's burstSyncs. */
const burstSyncs = 2;

export interface KubeProxyOptions {
  client: ApiClient;
  nodeName: string;
  clusterCIDR: string;
  /** kube-proxy --iptables-min-sync-period; default 1000. */
  minSyncPeriodMs?: number;
  log(message: string): void;
}

export class KubeProxy {
  private readonly options: KubeProxyOptions;
  private readonly informers: InformerFactory;
  private services: { list(): (ServiceObject & KubeObject)[] } | undefined;
  private slices: { list(): (EndpointSliceObject & KubeObject)[] } | undefined;
  private readonly runner: SyncRunner;
  private udp: UdpTargets = new Map();

  constructor(options: KubeProxyOptions) {
    this.options = options;
    this.runner = new SyncRunner(() => this.sync(), { minIntervalMs: options.minSyncPeriodMs ?? 1000, burst: burstSyncs });
    this.informers = new InformerFactory(options.client, { log: options.log });
  }

  async start(): Promise<void> {
    await enableLocalhostNodePorts();
    await ensureJumps();
    const services = this.informers.for<ServiceObject & KubeObject>('/api/v1/services');
    const slices = this.informers.for<EndpointSliceObject & KubeObject>('/apis/discovery.k8s.io/v1/endpointslices');
    this.services = services;
    this.slices = slices;
    this.informers.start();
    await Promise.all([services.synced(), slices.synced()]);
    const changed = () => this.runner.request();
    for (const informer of [services, slices] as const) informer.on({ add: changed, update: changed, delete: changed });
    this.runner.request();
  }

  private async sync(): Promise<void> {
    const ports = servicePorts(this.services?.list() ?? [], this.slices?.list() ?? [], this.options.nodeName);
    try {
      const rules = ruleset(ports, { clusterCIDR: this.options.clusterCIDR, existingNatChains: await natChains() });
      await restoreNoFlush(rules);
    } catch (err) {
      this.options.log(`kube-proxy: sync failed: ${(err as Error).message}`);
      this.runner.request();
      return;
    }
    const udp = udpTargets(ports);
    for (const args of staleUdpConntrack(this.udp, udp)) await deleteConntrack(args);
    this.udp = udp;
  }

  /** Stops watching; the rules stay, as when kube-proxy exits. */
  async stop(): Promise<void> {
    await this.runner.stop();
    await this.informers.stop();
  }
}
