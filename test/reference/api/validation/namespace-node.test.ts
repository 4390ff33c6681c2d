import t from 'tap';
import { createCauses, namespace, node, updateCauses } from './fixtures/objects.ts';

t.test('namespace finalizers and status', async (t) => {
  const ns = namespace();
  ns.spec = { finalizers: ['cleanup'] };
  t.same(createCauses(ns), [
    { reason: 'FieldValueInvalid', field: 'spec.finalizers', message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified' },
  ]);
  const terminating = namespace();
  terminating.status = { phase: 'Terminating' };
  t.same(updateCauses(terminating, namespace(), 'status'), [
    { reason: 'FieldValueInvalid', field: 'status.Phase', message: 'Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty' },
  ]);
});

t.test('node taints, CIDRs and updates', async (t) => {
  const tainted = node();
  tainted.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }, { key: 'x', effect: 'Never' }];
  t.same(createCauses(tainted), [
    { reason: 'FieldValueDuplicate', field: 'metadata.taints[1]', message: 'Duplicate value: {"effect":"NoSchedule","key":"dedicated","value":"cpu"}: taints must be unique by key and effect pair' },
    { reason: 'FieldValueNotSupported', field: 'metadata.taints[2].effect', message: 'Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' },
  ]);
  const cidr = node();
  cidr.spec.podCIDRs = ['10.244.1.1/24'];
  t.same(createCauses(cidr), [{ reason: 'FieldValueInvalid', field: 'spec.podCIDRs[0]', message: 'Invalid value: "10.244.1.1/24": must not have bits set beyond the prefix length' }]);
  const moved = node();
  moved.spec.podCIDRs = ['10.244.2.0/24'];
  t.same(updateCauses(moved, node()), [{ reason: 'FieldValueForbidden', field: 'spec.podCIDRs', message: 'Forbidden: node updates may not change podCIDR except from "" to valid' }]);
  const heartbeat = node();
  heartbeat.status.conditions = [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2025-01-01T00:00:00Z' }];
  t.same(updateCauses(heartbeat, node(), 'status'), []);
});
