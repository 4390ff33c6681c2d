import t from 'tap';
import { createCauses, defaulted, job, typeOf, updateCauses, type Loose } from './fixtures/objects.ts';
import { validateObject } from '../../../../src/reference/api/validation/validate-object.ts';

t.test('job create', async (t) => {
  const cases: [string, (j: Loose) => void, unknown[]][] = [
    ['restart policy left to its default', (j) => { delete j.spec.template.spec.restartPolicy; }, [
      { reason: 'FieldValueRequired', field: 'spec.template.spec.restartPolicy', message: 'Required value: valid values: "OnFailure", "Never"' },
    ]],
    ['negative counts', (j) => { j.spec.completions = -1; j.spec.parallelism = -2; j.spec.backoffLimit = -3; }, [
      { reason: 'FieldValueInvalid', field: 'spec.parallelism', message: 'Invalid value: -2: must be greater than or equal to 0' },
      { reason: 'FieldValueInvalid', field: 'spec.completions', message: 'Invalid value: -1: must be greater than or equal to 0' },
      { reason: 'FieldValueInvalid', field: 'spec.backoffLimit', message: 'Invalid value: -3: must be greater than or equal to 0' },
    ]],
    ['indexed without completions', (j) => { j.spec.completionMode = 'Indexed'; j.spec.parallelism = 2; }, [
      { reason: 'FieldValueRequired', field: 'spec.completions', message: 'Required value: when completion mode is Indexed' },
    ]],
    ['completion mode', (j) => { j.spec.completionMode = 'Ordered'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.completionMode', message: 'Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"' },
    ]],
    ['pod replacement policy with a failure policy', (j) => {
      j.spec.podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
      j.spec.podReplacementPolicy = 'TerminatingOrFailed';
    }, [
      { reason: 'FieldValueNotSupported', field: 'spec.podReplacementPolicy', message: 'Unsupported value: "TerminatingOrFailed": supported values: "Failed"' },
    ]],
    ['manual selector that does not match', (j) => { j.spec.manualSelector = true; j.spec.selector = { matchLabels: { app: 'pi' } }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: {}: `selector` does not match template `labels`' },
    ]],
    ['generated labels overridden', (j) => { j.spec.template.metadata.labels = { 'job-name': 'other' }; }, [
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels[job-name]', message: 'Invalid value: {"batch.kubernetes.io/controller-uid":"6c5e0b40-0f3e-4b6a-9f0a-2d7c1f1e9a01","batch.kubernetes.io/job-name":"pi","controller-uid":"6c5e0b40-0f3e-4b6a-9f0a-2d7c1f1e9a01","job-name":"other"}: must be \'pi\'' },
    ]],
  ];
  for (const [name, mutate, expected] of cases) {
    const j = job();
    mutate(j);
    t.same(createCauses(j), expected, name);
  }
});

t.test('a job without a uid cannot get its selector', async (t) => {
  const j = job();
  delete j.metadata.uid;
  const stored = defaulted(j);
  t.same(validateObject(typeOf(stored), stored)[0], { reason: 'FieldValueRequired', field: 'metadata.uid', message: 'Required value' });
});

t.test('job update: template, selector and completions are fixed', async (t) => {
  const next = job();
  next.spec.template.spec.containers[0].image = 'perl:5.40';
  const causes = updateCauses(next, job());
  t.equal(causes.length, 1);
  t.equal(causes[0]?.field, 'spec.template');
  t.match(causes[0]?.message, /^Invalid value: \{.*"image":"perl:5.40".*\}: field is immutable$/);

  const more = job();
  more.spec.completions = 3;
  t.same(updateCauses(more, job()), [{ reason: 'FieldValueInvalid', field: 'spec.completions', message: 'Invalid value: 3: field is immutable' }]);

  const suspended = job();
  suspended.spec.suspend = true;
  const moved = job();
  moved.spec.suspend = true;
  moved.spec.template.spec.nodeSelector = { zone: 'b' };
  t.same(updateCauses(moved, suspended), [], 'a suspended job that never started may move');

  const parallel = job();
  parallel.spec.completions = 1;
  parallel.spec.parallelism = 4;
  t.same(updateCauses(parallel, job()), [], 'parallelism may change');
});
