// kube-proxy's own metrics (pkg/proxy/metrics), under the names and buckets
// dashboards and SLO rules query: sync durations, the last sync's time, the
// network programming latency (from an EndpointSlice's
// endpoints.kubernetes.io/last-change-trigger-time to its rules in place: the
// SIG Scalability SLI, measured on the node), change counters and restore
// failures. One registry per proxy, served at :10249/metrics.
import { Counter, Gauge, Histogram, exponentialBuckets, linearBuckets, Registry } from 'prom-client';

const subsystem = 'kubeproxy';

/** metrics.MergeBuckets(LinearBuckets(0.25, 0.25, 2), LinearBuckets(1, 1, 59), LinearBuckets(60, 5, 12), LinearBuckets(120, 30, 7)). */
const networkProgrammingBuckets = [...linearBuckets(0.25, 0.25, 2), ...linearBuckets(1, 1, 59), ...linearBuckets(60, 5, 12), ...linearBuckets(120, 30, 7)];
const syncBuckets = exponentialBuckets(0.001, 2, 15);

export class ProxyMetrics {
  readonly registry = new Registry();
  readonly syncDuration: Histogram;
  readonly fullSyncDuration: Histogram;
  readonly partialSyncDuration: Histogram;
  readonly networkProgramming: Histogram;
  readonly lastSync: Gauge;
  readonly lastQueued: Gauge;
  readonly restoreFailures: Counter;
  readonly partialRestoreFailures: Counter;
  readonly serviceChanges: Counter;
  readonly endpointChanges: Counter;
  readonly rules: Gauge<'table'>;

  constructor() {
    const registers = [this.registry];
    const name = (n: string) => `${subsystem}_${n}`;
    this.syncDuration = new Histogram({ name: name('sync_proxy_rules_duration_seconds'), help: 'SyncProxyRules latency in seconds', buckets: syncBuckets, registers });
    this.fullSyncDuration = new Histogram({ name: name('sync_full_proxy_rules_duration_seconds'), help: 'SyncProxyRules latency in seconds for full resyncs', buckets: syncBuckets, registers });
    this.partialSyncDuration = new Histogram({ name: name('sync_partial_proxy_rules_duration_seconds'), help: 'SyncProxyRules latency in seconds for partial resyncs', buckets: syncBuckets, registers });
    this.networkProgramming = new Histogram({ name: name('network_programming_duration_seconds'), help: 'In Cluster Network Programming Latency in seconds', buckets: networkProgrammingBuckets, registers });
    this.lastSync = new Gauge({ name: name('sync_proxy_rules_last_timestamp_seconds'), help: 'The last time proxy rules were successfully synced', registers });
    this.lastQueued = new Gauge({ name: name('sync_proxy_rules_last_queued_timestamp_seconds'), help: 'The last time a sync of proxy rules was queued', registers });
    this.restoreFailures = new Counter({ name: name('sync_proxy_rules_iptables_restore_failures_total'), help: 'Cumulative proxy iptables restore failures', registers });
    this.partialRestoreFailures = new Counter({ name: name('sync_proxy_rules_iptables_partial_restore_failures_total'), help: 'Cumulative proxy iptables partial restore failures', registers });
    this.serviceChanges = new Counter({ name: name('sync_proxy_rules_service_changes_total'), help: 'Cumulative proxy rules Service changes', registers });
    this.endpointChanges = new Counter({ name: name('sync_proxy_rules_endpoint_changes_total'), help: 'Cumulative proxy rules Endpoint changes', registers });
    this.rules = new Gauge({ name: name('sync_proxy_rules_iptables_total'), help: 'Total number of iptables rules owned by kube-proxy', labelNames: ['table'], registers });
  }

  /** An EndpointSlice's trigger time (RFC 3339) observed once its rules are in place at `nowMs`. */
  observeProgrammed(triggerTime: string | undefined, nowMs: number): void {
    const at = triggerTime ? Date.parse(triggerTime) : NaN;
    if (Number.isFinite(at) && nowMs >= at) this.networkProgramming.observe((nowMs - at) / 1000);
  }
}
