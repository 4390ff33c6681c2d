import t from 'tap';
import { createCauses, statefulSet, updateCauses, type Loose } from './fixtures/objects.ts';

t.test('stateful set create', async (t) => {
  const cases: [string, (s: Loose) => void, unknown[]][] = [
    ['pod management policy', (s) => { s.spec.podManagementPolicy = 'Random'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.podManagementPolicy', message: 'Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'' },
    ]],
    ['negative partition', (s) => { s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.updateStrategy.rollingUpdate.partition', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]],
    ['OnDelete with rolling parameters', (s) => { s.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.updateStrategy.rollingUpdate', message: 'Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'' },
    ]],
    ['retention policy', (s) => { s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep' }; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', message: 'Unsupported value: "Keep": supported values: "Retain", "Delete"' },
    ]],
    ['empty selector', (s) => { s.spec.selector = {}; }, [
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for statefulset' },
    ]],
    ['selector mismatch', (s) => { s.spec.selector.matchLabels.app = 'cache'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: {"app":"db"}: `selector` does not match template `labels`' },
    ]],
    ['restart policy', (s) => { s.spec.template.spec.restartPolicy = 'Never'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Never": supported values: "Always"' },
    ]],
    ['the pod spec itself is not checked', (s) => { delete s.spec.template.spec.containers[0].image; }, []],
  ];
  for (const [name, mutate, expected] of cases) {
    const s = statefulSet();
    mutate(s);
    t.same(createCauses(s), expected, name);
  }
});

t.test('stateful set update: only some spec fields may change', async (t) => {
  const scaled = statefulSet();
  scaled.spec.replicas = 3;
  scaled.spec.template.spec.containers[0].image = 'postgres:17';
  scaled.spec.updateStrategy = { type: 'OnDelete' };
  scaled.spec.minReadySeconds = 5;
  t.same(updateCauses(scaled, statefulSet()), []);
  const renamed = statefulSet();
  renamed.spec.serviceName = 'other';
  t.same(updateCauses(renamed, statefulSet()), [{
    reason: 'FieldValueForbidden', field: 'spec',
    message: 'Forbidden: updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden',
  }]);
});
