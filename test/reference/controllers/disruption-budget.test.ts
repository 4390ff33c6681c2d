import t from 'tap';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import {
  budgetStatus, countHealthyPods, desiredHealthy, disruptedPodTimeoutMs, failSafeStatus, liveDisruptedPods, needsControllerScale, scaledValue,
} from '../../../src/reference/controllers/disruption-budget.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const ready = (name: string, extra: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject => ({
  metadata: { name, ...extra }, status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

t.test('int-or-percent arithmetic rounds as upstream', async (t) => {
  t.equal(scaledValue('50%', 3, true), 2);
  t.equal(scaledValue('50%', 3, false), 1);
  t.equal(scaledValue(4, 10, true), 4);
  t.equal(desiredHealthy({ minAvailable: '50%' }, 3), 2, 'minAvailable percentages round up');
  t.equal(desiredHealthy({ maxUnavailable: '50%' }, 3), 1, 'maxUnavailable percentages round up too, leaving fewer healthy');
  t.equal(desiredHealthy({ maxUnavailable: 5 }, 3), 0, 'never below zero');
  t.equal(desiredHealthy({ minAvailable: 2 }, 0), 2);
  t.ok(needsControllerScale({ maxUnavailable: 1 }));
  t.ok(needsControllerScale({ minAvailable: '10%' }));
  t.notOk(needsControllerScale({ minAvailable: 1 }));
});

t.test('healthy pods: ready, not being deleted, not recently evicted', async (t) => {
  const pods = [ready('a'), ready('b', { deletionTimestamp: '2026-03-01T11:59:00Z' }), ready('c'), { metadata: { name: 'd' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }];
  t.equal(countHealthyPods(pods, {}, now), 2);
  t.equal(countHealthyPods(pods, { c: new Date(now - 1000).toISOString() }, now), 1, 'an eviction in flight');
  t.equal(countHealthyPods(pods, { c: new Date(now - disruptedPodTimeoutMs - 1000).toISOString() }, now), 2, 'an eviction never seen through expires');
  t.same(liveDisruptedPods({ a: new Date(now - 1000).toISOString(), b: new Date(now).toISOString(), gone: new Date(now).toISOString() }, pods, now), { a: new Date(now - 1000).toISOString() });
});

t.test('status and conditions', async (t) => {
  const pdb = { metadata: { name: 'p', generation: 3 } };
  const status = budgetStatus(pdb, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptedPods: {} }, now);
  t.same(status, {
    currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 3,
    conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 3, lastTransitionTime: '2026-03-01T12:00:00Z' }],
  });
  const later = budgetStatus({ ...pdb, status }, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptedPods: {} }, now + 60_000);
  t.equal(later.conditions?.[0]?.lastTransitionTime, '2026-03-01T12:00:00Z', 'kept while the status does not change');
  t.equal(budgetStatus(pdb, { expectedPods: 0, desiredHealthy: 0, currentHealthy: 2, disruptedPods: {} }, now).disruptionsAllowed, 0, 'nothing expected, nothing allowed');
  t.match(failSafeStatus({ ...pdb, status }, 'found no controllers for pod "x"', now + 1000), {
    disruptionsAllowed: 0,
    conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "x"', lastTransitionTime: '2026-03-01T12:00:01Z' }],
  });
});
