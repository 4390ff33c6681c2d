import t from 'tap';
import { coreEvent, createCauses, eventsEvent, updateCauses } from './fixtures/objects.ts';

t.test('core events: the involved object is in the event\'s namespace', async (t) => {
  const elsewhere = coreEvent();
  elsewhere.involvedObject.namespace = 'other';
  t.same(createCauses(elsewhere), [{ reason: 'FieldValueInvalid', field: 'involvedObject.namespace', message: 'Invalid value: "other": does not match event.namespace' }]);
  const node = coreEvent();
  node.involvedObject = { kind: 'Node', name: 'worker-1' };
  t.same(createCauses(node), [], 'a cluster-scoped object\'s event lives in default');
  const series = coreEvent();
  series.eventTime = '2025-01-01T00:00:00.000000Z';
  t.same(createCauses(series), [
    { reason: 'FieldValueRequired', field: 'reportingComponent', message: 'Required value' },
    { reason: 'FieldValueInvalid', field: 'reportingComponent', message: 'Invalid value: "": name part must be non-empty' },
    { reason: 'FieldValueInvalid', field: 'reportingComponent', message: 'Invalid value: "": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')' },
    { reason: 'FieldValueRequired', field: 'reportingInstance', message: 'Required value' },
    { reason: 'FieldValueRequired', field: 'action', message: 'Required value' },
  ]);
  const counted = coreEvent();
  counted.count = 2;
  t.same(updateCauses(counted, coreEvent()), []);
});

t.test('events.k8s.io events are strict on create', async (t) => {
  const legacy = eventsEvent();
  delete legacy.eventTime;
  legacy.type = 'Info';
  legacy.deprecatedCount = 3;
  t.same(createCauses(legacy), [
    { reason: 'FieldValueRequired', field: 'eventTime', message: 'Required value' },
    { reason: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "": has invalid value: Info' },
    { reason: 'FieldValueInvalid', field: 'count', message: 'Invalid value: "": needs to be unset' },
  ]);
  const renoted = eventsEvent();
  renoted.note = 'changed';
  t.same(updateCauses(renoted, eventsEvent()), [{ reason: 'FieldValueInvalid', field: 'message', message: 'Invalid value: "changed": field is immutable' }]);
});
