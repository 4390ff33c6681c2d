// The event recorder against an in-process reference control plane: an Event
// as client-go writes it, a repeat counted on it, distinct events apart,
// cluster-scoped objects' Events in "default", and write failures logged.
import t from 'tap';
import { createEventRecorder } from '../../src/kube/event-recorder.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import { startTestControlPlane } from '../reference/api/fixtures/control-plane.ts';

const cp = await startTestControlPlane(t);
const client = await createApiClient(cp.kubeconfigPath);
t.teardown(() => client.close());

interface Event extends KubeObject {
  involvedObject: Record<string, unknown>;
  reason: string;
  message: string;
  type: string;
  count: number;
  source: Record<string, unknown>;
  reportingComponent: string;
  reportingInstance: string;
  firstTimestamp: string;
  lastTimestamp: string;
}

async function eventsIn(namespace: string): Promise<Event[]> {
  return (await client.list<Event>(`/api/v1/namespaces/${namespace}/events`)).items;
}

t.test('an Event is created, then a repeat increments its count', async (t) => {
  await client.create('/api/v1/namespaces', { metadata: { name: 'rec' } });
  const pod = await client.create('/api/v1/namespaces/rec/pods', {
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  });
  const recorder = createEventRecorder(client, 'kdrill-scheduler', 'node-a');
  recorder.record(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available');
  await recorder.flush();
  const [first, ...others] = await eventsIn('rec');
  t.same(others, []);
  t.match(first, {
    metadata: { namespace: 'rec', name: /^web\.[0-9a-f]+$/ },
    involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'rec', name: 'web', uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion },
    reason: 'FailedScheduling',
    message: '0/3 nodes are available',
    type: 'Warning',
    count: 1,
    source: { component: 'kdrill-scheduler', host: 'node-a' },
    reportingComponent: 'kdrill-scheduler',
    reportingInstance: 'node-a',
  });
  t.equal(first?.firstTimestamp, first?.lastTimestamp);

  recorder.record(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available');
  recorder.record(pod, 'Normal', 'Scheduled', 'assigned rec/web to node-b');
  await recorder.flush();
  const events = await eventsIn('rec');
  t.equal(events.length, 2, 'the repeat counted, the new reason apart');
  const repeated = events.find((e) => e.reason === 'FailedScheduling');
  t.equal(repeated?.metadata?.name, first?.metadata?.name);
  t.equal(repeated?.count, 2);
  t.equal(repeated?.firstTimestamp, first?.firstTimestamp);
  t.ok(Date.parse(repeated!.lastTimestamp) >= Date.parse(first!.lastTimestamp));
  t.match(events.find((e) => e.reason === 'Scheduled'), { type: 'Normal', count: 1 });
});

t.test('repeats recorded at once are counted in order on one Event', async (t) => {
  const node = await client.create('/api/v1/nodes', { metadata: { name: 'node-burst' } });
  const recorder = createEventRecorder(client, 'kdrill-node');
  for (let i = 0; i < 5; i++) recorder.record(node, 'Normal', 'NodeReady', 'node is ready');
  await recorder.flush();
  const events = (await eventsIn('default')).filter((e) => e.involvedObject.name === 'node-burst');
  t.equal(events.length, 1);
  t.match(events[0], { count: 5, involvedObject: { kind: 'Node', name: 'node-burst' } });
  t.equal(events[0]?.involvedObject.namespace, undefined, 'a cluster-scoped object has no namespace; its Event is in default');
});

t.test('an Event deleted meanwhile is written again with its count', async (t) => {
  const ns = await client.create('/api/v1/namespaces', { metadata: { name: 'rec-deleted' } });
  const recorder = createEventRecorder(client, 'kdrill-test');
  recorder.record(ns, 'Normal', 'Seen', 'seen');
  await recorder.flush();
  const [first] = (await eventsIn('default')).filter((e) => e.involvedObject.name === 'rec-deleted');
  await client.delete(`/api/v1/namespaces/default/events/${first?.metadata?.name}`);
  recorder.record(ns, 'Normal', 'Seen', 'seen');
  await recorder.flush();
  const again = (await eventsIn('default')).filter((e) => e.involvedObject.name === 'rec-deleted');
  t.equal(again.length, 1);
  t.equal(again[0]?.count, 2);
});

t.test('write failures are logged, not thrown', async (t) => {
  const logs: string[] = [];
  const recorder = createEventRecorder(client, 'kdrill-test', 'host', { log: (m) => logs.push(m) });
  recorder.record({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ghost', namespace: 'no-such-namespace' } }, 'Normal', 'Ghost', 'boo');
  await recorder.flush();
  t.equal(logs.length, 1);
  t.match(logs[0], /^event recorder: .*no-such-namespace/);
});
