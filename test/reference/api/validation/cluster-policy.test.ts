import t from 'tap';
import { createCauses, lease, priorityClass, storageClass, updateCauses } from './fixtures/objects.ts';

t.test('storage classes', async (t) => {
  const none = storageClass();
  delete none.provisioner;
  t.same(createCauses(none), [{ reason: 'FieldValueRequired', field: 'provisioner', message: 'Required value' }]);
  const binding = storageClass();
  binding.volumeBindingMode = 'Later';
  binding.reclaimPolicy = 'Recycle';
  t.same(createCauses(binding), [
    { reason: 'FieldValueNotSupported', field: 'reclaimPolicy', message: 'Unsupported value: "Recycle": supported values: "Delete", "Retain"' },
    { reason: 'FieldValueNotSupported', field: 'volumeBindingMode', message: 'Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"' },
  ]);
  const changed = storageClass();
  changed.provisioner = 'example.com/other';
  changed.parameters = { type: 'ssd' };
  t.same(updateCauses(changed, storageClass()), [
    { reason: 'FieldValueForbidden', field: 'parameters', message: 'Forbidden: updates to parameters are forbidden.' },
    { reason: 'FieldValueForbidden', field: 'provisioner', message: 'Forbidden: updates to provisioner are forbidden.' },
  ]);
});

t.test('priority classes', async (t) => {
  const high = priorityClass();
  high.value = 2_000_000_000;
  t.same(createCauses(high), [{ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: maximum allowed value of a user defined priority is 1000000000' }]);
  const reserved = priorityClass();
  reserved.metadata.name = 'system-important';
  t.same(createCauses(reserved), [{
    reason: 'FieldValueForbidden', field: 'metadata.name',
    message: 'Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-important is not a known system priority class',
  }]);
  const builtIn = priorityClass();
  builtIn.metadata.name = 'system-node-critical';
  builtIn.value = 2_000_001_000;
  t.same(createCauses(builtIn), []);
  const noValue = priorityClass();
  delete noValue.value;
  t.same(createCauses(noValue), [], 'a missing value is 0');
  const policy = priorityClass();
  policy.preemptionPolicy = 'Always';
  t.same(createCauses(policy), [{ reason: 'FieldValueNotSupported', field: 'preemptionPolicy', message: 'Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"' }]);
  const raised = priorityClass();
  raised.value = 2000;
  t.same(updateCauses(raised, priorityClass()), [{ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: may not be changed in an update.' }]);
});

t.test('leases', async (t) => {
  const l = lease();
  l.spec.leaseDurationSeconds = 0;
  l.spec.leaseTransitions = -1;
  t.same(createCauses(l), [
    { reason: 'FieldValueInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: 0: must be greater than 0' },
    { reason: 'FieldValueInvalid', field: 'spec.leaseTransitions', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ]);
  const renewed = lease();
  renewed.spec.renewTime = '2025-01-01T00:00:10.000000Z';
  t.same(updateCauses(renewed, lease()), []);
});
