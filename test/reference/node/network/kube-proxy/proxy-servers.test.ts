// kube-proxy's health and metrics endpoints: /healthz turns 503 once a queued
// sync has waited past the health timeout, and 200 again when it is done;
// /metrics serves kube-proxy's metric names, the network programming latency
// among them; /proxyMode says iptables. On loopback, ports picked by the kernel.
import t from 'tap';
import { healthTimeoutMs, ProxyHealth } from '../../../../../src/reference/node/network/kube-proxy/proxy-health.ts';
import { ProxyMetrics } from '../../../../../src/reference/node/network/kube-proxy/proxy-metrics.ts';
import { startProxyServers } from '../../../../../src/reference/node/network/kube-proxy/proxy-servers.ts';

t.test('health: a sync waiting past the timeout is unhealthy until one completes', async (t) => {
  let now = 1_000_000;
  const health = new ProxyHealth(() => now);
  t.ok(health.healthy(), 'nothing queued');
  health.queued();
  now += healthTimeoutMs - 1;
  t.ok(health.healthy(), 'queued, within the timeout');
  health.queued();
  now += 1;
  t.notOk(health.healthy(), 'the oldest pending sync counts, not the latest request');
  health.updated();
  t.ok(health.healthy());
  t.same(health.body(), { lastUpdated: new Date(now).toISOString(), currentTime: new Date(now).toISOString(), nodeEligible: true });
});

t.test('network programming latency: from the trigger time to the rules in place', async (t) => {
  const metrics = new ProxyMetrics();
  metrics.observeProgrammed('2026-11-26T08:00:00Z', Date.parse('2026-11-26T08:00:01.5Z'));
  metrics.observeProgrammed(undefined, Date.now());
  metrics.observeProgrammed('not a time', Date.now());
  const text = await metrics.registry.metrics();
  t.match(text, /kubeproxy_network_programming_duration_seconds_count 1\n/, 'one observation; no trigger time, none');
  t.match(text, /kubeproxy_network_programming_duration_seconds_sum 1\.5\n/);
  t.match(text, /kubeproxy_network_programming_duration_seconds_bucket\{le="2"\} 1\n/);
  t.match(text, /kubeproxy_network_programming_duration_seconds_bucket\{le="1"\} 0\n/);
});

t.test('the servers: /healthz, /livez, /metrics, /proxyMode', async (t) => {
  let now = Date.now();
  const health = new ProxyHealth(() => now);
  const metrics = new ProxyMetrics();
  metrics.syncDuration.observe(0.004);
  metrics.rules.set({ table: 'nat' }, 12);
  const servers = await startProxyServers(health, metrics, { healthz: { host: '127.0.0.1', port: 0 }, metrics: { host: '127.0.0.1', port: 0 } });
  t.teardown(() => servers.close());
  const get = async (port: number, path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };
  const ok = await get(servers.healthzPort, '/healthz');
  t.equal(ok.status, 200);
  t.equal(ok.type, 'application/json');
  t.same(Object.keys(JSON.parse(ok.body) as object), ['lastUpdated', 'currentTime', 'nodeEligible']);
  health.queued();
  now += healthTimeoutMs;
  t.equal((await get(servers.healthzPort, '/healthz')).status, 503, 'a sync stuck past the timeout');
  t.equal((await get(servers.healthzPort, '/livez')).status, 503);
  t.equal((await get(servers.healthzPort, '/nothing')).status, 404);
  const m = await get(servers.metricsPort, '/metrics');
  t.equal(m.status, 200);
  t.match(m.type, /^text\/plain; version=0\.0\.4/);
  t.match(m.body, /kubeproxy_sync_proxy_rules_duration_seconds_bucket\{le="0\.004"\} 1\n/);
  t.match(m.body, /kubeproxy_sync_proxy_rules_iptables_total\{table="nat"\} 12\n/);
  t.match(m.body, /# TYPE kubeproxy_network_programming_duration_seconds histogram/);
  t.equal((await get(servers.metricsPort, '/proxyMode')).body, 'iptables');
});

t.test('a port in use is an error, and the other server is closed', async (t) => {
  const health = new ProxyHealth();
  const metrics = new ProxyMetrics();
  const first = await startProxyServers(health, metrics, { healthz: { host: '127.0.0.1', port: 0 }, metrics: { host: '127.0.0.1', port: 0 } });
  t.teardown(() => first.close());
  await t.rejects(startProxyServers(health, metrics, { healthz: { host: '127.0.0.1', port: 0 }, metrics: { host: '127.0.0.1', port: first.metricsPort } }), { code: 'EADDRINUSE' });
});
