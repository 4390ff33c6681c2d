import t from 'tap';
import { createCauses, endpointSlice, endpoints, ingress, updateCauses, type Loose } from './fixtures/objects.ts';

t.test('ingress', async (t) => {
  const cases: [string, (i: Loose) => void, unknown[]][] = [
    ['no rules nor default backend', (i) => { i.spec = {}; }, [
      { reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: null: either `defaultBackend` or `rules` must be specified' },
    ]],
    ['no path type', (i) => { delete i.spec.rules[0].http.paths[0].pathType; }, [
      { reason: 'FieldValueRequired', field: 'spec.rules[0].http.paths[0].pathType', message: 'Required value: pathType must be specified' },
    ]],
    ['relative prefix path', (i) => { i.spec.rules[0].http.paths[0].path = 'api'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.rules[0].http.paths[0].path', message: 'Invalid value: "api": must be an absolute path' },
    ]],
    ['path type', (i) => { i.spec.rules[0].http.paths[0].pathType = 'Regex'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.rules[0].http.paths[0].pathType', message: 'Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"' },
    ]],
    ['host is an IP', (i) => { i.spec.rules[0].host = '10.0.0.1'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.rules[0].host', message: 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address' },
    ]],
    ['backend without port', (i) => { i.spec.rules[0].http.paths[0].backend.service.port = {}; }, [
      { reason: 'FieldValueRequired', field: 'spec.rules[0].http.paths[0].backend', message: 'Required value: port name or number is required' },
    ]],
    ['wildcard host', (i) => { i.spec.rules[0].host = '*.example.com'; }, []],
  ];
  for (const [name, mutate, expected] of cases) {
    const i = ingress();
    mutate(i);
    t.same(createCauses(i), expected, name);
  }
});

t.test('endpoint slices', async (t) => {
  const noType = endpointSlice();
  noType.addressType = 'IPv5';
  t.same(createCauses(noType), [{ reason: 'FieldValueNotSupported', field: 'addressType', message: 'Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"' }]);
  const noAddresses = endpointSlice();
  noAddresses.endpoints[0].addresses = [];
  t.same(createCauses(noAddresses), [{ reason: 'FieldValueRequired', field: 'endpoints[0].addresses', message: 'Required value: must contain at least 1 address' }]);
  const wrongFamily = endpointSlice();
  wrongFamily.endpoints[0].addresses = ['fd00::5'];
  t.same(createCauses(wrongFamily), [{ reason: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "fd00::5": must be an IPv4 address' }]);
  const noEndpoints = endpointSlice();
  noEndpoints.endpoints = null;
  t.same(createCauses(noEndpoints), [], 'a slice without endpoints');
  const retyped = endpointSlice();
  retyped.addressType = 'FQDN';
  retyped.endpoints[0].addresses = ['web.example.com'];
  t.same(updateCauses(retyped, endpointSlice()), [{ reason: 'FieldValueInvalid', field: 'addressType', message: 'Invalid value: "FQDN": field is immutable' }]);
});

t.test('endpoints', async (t) => {
  const empty = endpoints();
  empty.subsets[0].addresses = [];
  t.same(createCauses(empty), [{ reason: 'FieldValueRequired', field: 'subsets[0]', message: 'Required value: must specify `addresses` or `notReadyAddresses`' }]);
  const loopback = endpoints();
  loopback.subsets[0].addresses[0].ip = '127.0.0.1';
  t.same(createCauses(loopback), [{ reason: 'FieldValueInvalid', field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' }]);
});
