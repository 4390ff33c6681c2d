import t from 'tap';
import { retainedClaimOwners } from '../../../src/reference/controllers/statefulset-claim-retention.ts';

const set = { metadata: { name: 'db', uid: 'set-uid' } };
const pod = { metadata: { name: 'db-3', uid: 'pod-uid' } };
const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'set-uid' };
const podRef = { apiVersion: 'v1', kind: 'Pod', name: 'db-3', uid: 'pod-uid' };
const foreign = { apiVersion: 'example.com/v1', kind: 'Backup', name: 'b', uid: 'b-uid' };
const claim = (...ownerReferences: object[]) => ({ metadata: { name: 'data-db-3', ownerReferences } }) as never;

t.test('Retain leaves no owner of ours, and keeps other owners', async (t) => {
  t.equal(retainedClaimOwners(claim(), set, pod, true, { whenDeleted: 'Retain', whenScaled: 'Retain' }), undefined, 'nothing to change');
  t.same(retainedClaimOwners(claim(setRef, podRef, foreign), set, pod, true, {}), [foreign]);
});

t.test('whenDeleted: Delete owns every claim by the set', async (t) => {
  t.same(retainedClaimOwners(claim(), set, pod, false, { whenDeleted: 'Delete' }), [setRef]);
  t.equal(retainedClaimOwners(claim(setRef), set, pod, false, { whenDeleted: 'Delete' }), undefined);
});

t.test('whenScaled: Delete owns a condemned claim by its pod, only while condemned', async (t) => {
  t.same(retainedClaimOwners(claim(), set, pod, true, { whenScaled: 'Delete' }), [podRef]);
  t.same(retainedClaimOwners(claim(podRef), set, pod, false, { whenScaled: 'Delete' }), [], 'scaled back up: the pod no longer owns it');
  t.same(retainedClaimOwners(claim(), set, pod, true, { whenDeleted: 'Delete', whenScaled: 'Delete' }), [setRef, podRef]);
});
