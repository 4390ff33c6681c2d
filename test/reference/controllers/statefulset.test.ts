import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { startStatefulSetController } from '../../../src/reference/controllers/statefulset.ts';
import { startSetAndJobHarness } from './fixtures/set-and-job-harness.ts';

interface Pod extends KubeObject {
  spec: { hostname?: string; subdomain?: string; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[]; containers: { image: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const podsPath = '/api/v1/namespaces/default/pods';
const stsPath = '/apis/apps/v1/namespaces/default/statefulsets';
const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata?.name).sort();

function statefulSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      ...extra,
    },
  };
}

t.test('OrderedReady: starts in order, rolls from the top down to the partition, scales down in reverse', async (t) => {
  const h = await startSetAndJobHarness(t);
  const seen: string[] = [];
  const { resourceVersion } = await h.client.list(podsPath);
  const watch = h.client.watch(podsPath, { resourceVersion }, (type, pod) => {
    if (type === 'ADDED' || type === 'DELETED') seen.push(`${type} ${pod.metadata?.name}`);
    else if (type === 'MODIFIED' && isReady(pod as Pod)) seen.push(`READY ${pod.metadata?.name}`);
  });
  t.teardown(() => watch.stop());
  await h.start(startStatefulSetController);
  await h.client.create(
    stsPath,
    statefulSet('web', 3, { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
  );

  for (const ordinal of [0, 1, 2]) {
    const podName = `web-${ordinal}`;
    const pods = await h.waitForList<Pod>(podsPath, (items) => items.some((p) => p.metadata?.name === podName));
    t.same(names(pods), Array.from({ length: ordinal + 1 }, (_, i) => `web-${i}`), `${podName} is created alone`);
    const pod = pods.find((p) => p.metadata?.name === podName) as Pod;
    t.match(pod.metadata?.labels, { app: 'web', 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) });
    t.equal(pod.spec.hostname, podName);
    t.equal(pod.spec.subdomain, 'web');
    t.same(pod.spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim, { claimName: `data-web-${ordinal}` });
    await h.setPodPhase(pod, 'Running', false);
    await h.setPodPhase(pod, 'Running', true);
  }
  await h.waitFor(stsPath, 'web', (s: KubeObject & { status?: { readyReplicas?: number } }) => s.status?.readyReplicas === 3);
  for (const ordinal of [1, 2]) {
    t.ok(seen.indexOf(`ADDED web-${ordinal}`) > seen.indexOf(`READY web-${ordinal - 1}`), `web-${ordinal} only after web-${ordinal - 1} is Running and Ready`);
  }
  const claims = await h.client.list('/api/v1/namespaces/default/persistentvolumeclaims');
  t.same(names(claims.items), ['data-web-0', 'data-web-1', 'data-web-2']);
  t.notOk(claims.items.some((c) => c.metadata?.ownerReferences?.length), 'claims are retained: no owner');

  await h.mergePatch(`${stsPath}/web`, {
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }, template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } },
  });
  for (const ordinal of [2, 1]) {
    const pods = await h.waitForList<Pod>(podsPath, (items) => items.some((p) => p.metadata?.name === `web-${ordinal}` && p.spec.containers[0]?.image === 'app:2'));
    await h.setPodPhase(pods.find((p) => p.metadata?.name === `web-${ordinal}`) as Pod, 'Running');
  }
  const updated = await h.waitFor(stsPath, 'web', (s: KubeObject & { status?: { updatedReplicas?: number; readyReplicas?: number } }) => s.status?.updatedReplicas === 2 && s.status.readyReplicas === 3);
  const status = updated.status as { currentRevision: string; updateRevision: string; currentReplicas: number; observedGeneration: number };
  t.not(status.currentRevision, status.updateRevision, 'web-0 stays on the current revision below the partition');
  t.equal(status.currentReplicas, 1);
  t.equal(status.observedGeneration, 2);
  t.ok(seen.indexOf('DELETED web-2') < seen.indexOf('DELETED web-1'), 'the update goes from the highest ordinal down');
  const web0 = (await h.client.get<Pod>(`${podsPath}/web-0`)) as Pod;
  t.equal(web0.spec.containers[0]?.image, 'app:1');

  const deletionsBefore = seen.filter((s) => s.startsWith('DELETED')).length;
  await h.mergePatch(`${stsPath}/web`, { spec: { replicas: 1 } });
  await h.waitForList<Pod>(podsPath, (items) => items.length === 1);
  t.same(
    seen.filter((s) => s.startsWith('DELETED')).slice(deletionsBefore),
    ['DELETED web-2', 'DELETED web-1'],
    'scales down from the highest ordinal',
  );
  t.equal((await h.client.list('/api/v1/namespaces/default/persistentvolumeclaims')).items.length, 3, 'claims outlive scale-down');
  const events = await h.events('default');
  t.ok(events.some((e) => e.reason === 'SuccessfulCreate' && e.message === 'create Pod web-0 in StatefulSet web successful'));
  t.ok(events.some((e) => e.reason === 'SuccessfulCreate' && e.message === 'create Claim data-web-0 Pod web-0 in StatefulSet web success'));
  t.ok(events.some((e) => e.reason === 'SuccessfulDelete' && e.message === 'delete Pod web-2 in StatefulSet web successful'));
});

t.test('Parallel: every pod at once, without waiting for readiness; claims owned as the retention policy says', async (t) => {
  const h = await startSetAndJobHarness(t);
  await h.start(startStatefulSetController);
  await h.client.create(
    stsPath,
    statefulSet('cache', 3, {
      podManagementPolicy: 'Parallel',
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }),
  );
  const pods = await h.waitForList<Pod>(podsPath, (items) => items.length === 3);
  t.same(names(pods), ['cache-0', 'cache-1', 'cache-2']);
  t.notOk(pods.some(isReady));
  const claimsPath = '/api/v1/namespaces/default/persistentvolumeclaims';
  const owners = (claim: KubeObject) => (claim.metadata?.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`).sort();
  for (const claim of (await h.client.list(claimsPath)).items) t.same(owners(claim), ['StatefulSet/cache'], `${claim.metadata?.name} goes with the set`);

  await h.mergePatch(`${stsPath}/cache`, { spec: { replicas: 1 } });
  await h.waitForList<Pod>(podsPath, (items) => items.length === 1);
  const claims = await h.client.list(claimsPath);
  t.same(
    claims.items.map((c) => [c.metadata?.name, owners(c)]).sort(),
    [
      ['data-cache-0', ['StatefulSet/cache']],
      ['data-cache-1', ['Pod/cache-1', 'StatefulSet/cache']],
      ['data-cache-2', ['Pod/cache-2', 'StatefulSet/cache']],
    ],
    'the claims of condemned pods go with their pods',
  );
  await h.waitFor(stsPath, 'cache', (s: KubeObject & { status?: { replicas?: number } }) => s.status?.replicas === 1);
});
