import t from 'tap';
import { configMap, createCauses, secret, updateCauses } from './fixtures/objects.ts';

const keyMessage = 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')';

t.test('config map keys and size', async (t) => {
  const bad = configMap();
  bad.data['app properties'] = 'x';
  bad.binaryData = { 'app.properties': Buffer.from('x').toString('base64') };
  t.same(createCauses(bad), [
    { reason: 'FieldValueInvalid', field: 'data[app properties]', message: `Invalid value: "app properties": ${keyMessage}` },
    { reason: 'FieldValueInvalid', field: 'data[app.properties]', message: 'Invalid value: "app.properties": duplicate of key present in binaryData' },
  ]);
  const big = configMap();
  big.data = { a: 'x'.repeat(1024 * 1024), b: 'y' };
  t.same(createCauses(big), [{ reason: 'FieldValueTooLong', field: '[]', message: 'Too long: may not be more than 1048576 bytes' }]);
});

t.test('an immutable config map keeps its data', async (t) => {
  const old = configMap();
  old.immutable = true;
  const next = configMap();
  next.immutable = true;
  next.data['app.properties'] = 'a=2';
  t.same(updateCauses(next, old), [{ reason: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' }]);
  const thawed = configMap();
  t.same(updateCauses(thawed, old), [{ reason: 'FieldValueForbidden', field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' }]);
});

t.test('secret keys, size and types', async (t) => {
  const bad = secret();
  bad.data['../x'] = 'eA==';
  t.same(createCauses(bad), [
    { reason: 'FieldValueInvalid', field: 'data[../x]', message: `Invalid value: "../x": ${keyMessage}` },
    { reason: 'FieldValueInvalid', field: 'data[../x]', message: 'Invalid value: "../x": must not start with \'..\'' },
  ]);
  const tls = secret();
  tls.type = 'kubernetes.io/tls';
  t.same(createCauses(tls), [
    { reason: 'FieldValueRequired', field: 'data[tls.crt]', message: 'Required value' },
    { reason: 'FieldValueRequired', field: 'data[tls.key]', message: 'Required value' },
  ]);
  const token = secret();
  token.type = 'kubernetes.io/service-account-token';
  t.same(createCauses(token), [{ reason: 'FieldValueRequired', field: 'metadata.annotations[kubernetes.io/service-account.name]', message: 'Required value' }]);
  const big = secret();
  big.data = { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') };
  t.same(createCauses(big), [{ reason: 'FieldValueTooLong', field: 'data', message: 'Too long: may not be more than 1048576 bytes' }]);
  const garbled = secret();
  garbled.data = { a: 'not base64!' };
  t.same(createCauses(garbled), [{ reason: 'FieldValueInvalid', field: 'data[a]', message: 'Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3' }]);
});

t.test('a secret keeps its type', async (t) => {
  const next = secret();
  next.type = 'kubernetes.io/basic-auth';
  next.data = { username: 'YQ==' };
  t.same(updateCauses(next, secret()), [{ reason: 'FieldValueInvalid', field: 'type', message: 'Invalid value: "kubernetes.io/basic-auth": field is immutable' }]);
});
