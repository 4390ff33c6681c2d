import t from 'tap';
import { createCauses, daemonSet, updateCauses, type Loose } from './fixtures/objects.ts';

t.test('daemon set create', async (t) => {
  const cases: [string, (d: Loose) => void, unknown[]][] = [
    ['no selector selects nothing', (d) => { delete d.spec.selector; }, [
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: {"app":"web"}: `selector` does not match template `labels`' },
    ]],
    ['empty selector', (d) => { d.spec.selector = {}; }, [
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for daemonset' },
    ]],
    ['surge and unavailable together', (d) => { d.spec.updateStrategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.updateStrategy.rollingUpdate.maxSurge', message: 'Invalid value: 1: may not be set when maxUnavailable is non-zero' },
    ]],
    ['neither surge nor unavailable', (d) => { d.spec.updateStrategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; }, [
      { reason: 'FieldValueRequired', field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', message: 'Required value: cannot be 0 when maxSurge is 0' },
    ]],
    ['strategy type', (d) => { d.spec.updateStrategy = { type: 'Sometimes' }; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.updateStrategy', message: 'Unsupported value: {"type":"Sometimes"}: supported values: "RollingUpdate", "OnDelete"' },
    ]],
    ['activeDeadlineSeconds', (d) => { d.spec.template.spec.activeDeadlineSeconds = 5; }, [
      { reason: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'Forbidden: activeDeadlineSeconds in DaemonSet is not Supported' },
    ]],
  ];
  for (const [name, mutate, expected] of cases) {
    const d = daemonSet();
    mutate(d);
    t.same(createCauses(d), expected, name);
  }
});

t.test('daemon set update: the selector is immutable', async (t) => {
  const next = daemonSet();
  next.spec.selector.matchLabels = {};
  next.spec.selector.matchExpressions = [{ key: 'app', operator: 'In', values: ['web'] }];
  t.same(updateCauses(next, daemonSet()), [
    { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {"matchExpressions":[{"key":"app","operator":"In","values":["web"]}],"matchLabels":{}}: field is immutable' },
  ]);
});
