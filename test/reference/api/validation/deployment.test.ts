import t from 'tap';
import { createCauses, deployment, replicaSet, updateCauses, type Loose } from './fixtures/objects.ts';

const mismatch = (labels: string) => ({
  reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: `Invalid value: ${labels}: \`selector\` does not match template \`labels\``,
});

t.test('deployment create', async (t) => {
  const cases: [string, (d: Loose) => void, unknown[]][] = [
    ['no selector', (d) => { delete d.spec.selector; }, [
      { reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
      mismatch('{"app":"web"}'),
    ]],
    ['selector does not select the template', (d) => { d.spec.selector.matchLabels = { app: 'api' }; }, [mismatch('{"app":"web"}')]],
    ['empty selector', (d) => { d.spec.selector = {}; }, [
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for deployment' },
    ]],
    ['selector expression', (d) => { d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Is', values: ['web'] }] }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.selector.matchExpressions[0].operator', message: 'Invalid value: "Is": not a valid selector operator' },
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {"matchExpressions":[{"key":"app","operator":"Is","values":["web"]}]}: invalid label selector' },
    ]],
    ['negative replicas', (d) => { d.spec.replicas = -1; }, [
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]],
    ['template restartPolicy', (d) => { d.spec.template.spec.restartPolicy = 'OnFailure'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "OnFailure": supported values: "Always"' },
    ]],
    ['template container without image', (d) => { delete d.spec.template.spec.containers[0].image; }, [
      { reason: 'FieldValueRequired', field: 'spec.template.spec.containers[0].image', message: 'Required value' },
    ]],
    ['template label', (d) => { d.spec.template.metadata.labels['bad key!'] = 'x'; }, [{
      reason: 'FieldValueInvalid', field: 'spec.template.labels',
      message: 'Invalid value: "bad key!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    }]],
    ['both rollout bounds zero', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "0%": may not be 0 when `maxSurge` is 0' },
    ]],
    ['percent above 100', (d) => { d.spec.strategy = { rollingUpdate: { maxUnavailable: '150%' } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: "150%": must not be greater than 100%' },
    ]],
    ['bad percent', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: 'half' } }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxSurge',
      message: 'Invalid value: "half": a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')',
    }]],
    ['recreate with rolling parameters', (d) => { d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }; }, [
      { reason: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: 'Forbidden: may not be specified when strategy `type` is \'Recreate\'' },
    ]],
    ['unknown strategy', (d) => { d.spec.strategy = { type: 'BlueGreen' }; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.strategy', message: 'Unsupported value: {"Type":"BlueGreen","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"' },
    ]],
    ['progress deadline not above minReadySeconds', (d) => { d.spec.minReadySeconds = 600; }, [
      { reason: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', message: 'Invalid value: 600: must be greater than minReadySeconds' },
    ]],
  ];
  for (const [name, mutate, expected] of cases) {
    const d = deployment();
    mutate(d);
    t.same(createCauses(d), expected, name);
  }
});

t.test('deployment update: the selector is immutable', async (t) => {
  const next = deployment();
  next.spec.selector.matchLabels = { app: 'web', tier: 'front' };
  next.spec.template.metadata.labels.tier = 'front';
  t.same(updateCauses(next, deployment()), [
    { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable' },
  ]);
  const scaled = deployment();
  scaled.spec.replicas = 5;
  scaled.spec.template.spec.containers[0].image = 'nginx:1.28';
  t.same(updateCauses(scaled, deployment()), [], 'replicas and template change');
});

t.test('replica set', async (t) => {
  const rs = replicaSet();
  rs.spec.template.spec.activeDeadlineSeconds = 30;
  t.same(createCauses(rs), [
    { reason: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported' },
  ]);
  const empty = replicaSet();
  empty.spec.selector = {};
  t.same(createCauses(empty), [
    { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for deployment' },
  ]);
  const moved = replicaSet();
  moved.spec.selector.matchExpressions = [{ key: 'app', operator: 'Exists' }];
  t.equal(updateCauses(moved, replicaSet())[0]?.message, 'Invalid value: {"matchExpressions":[{"key":"app","operator":"Exists"}],"matchLabels":{"app":"web"}}: field is immutable');
});
