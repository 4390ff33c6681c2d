import t from 'tap';
import {
  cidrErrors, ipErrors, isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName,
  isValidLabelValue, isValidPathSegmentName, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain,
} from '../../../../src/reference/api/validation/formats.ts';

const subdomainMsg = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

t.test('DNS names', async (t) => {
  t.same(isDNS1123Subdomain('example.com'), []);
  t.same(isDNS1123Subdomain('Foo_Bar'), [subdomainMsg]);
  t.same(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
  t.same(isDNS1123Label('my-name'), []);
  t.same(isDNS1123Label('a.b'), ['must not contain dots']);
  t.same(isDNS1123Label('-x'), ['a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')']);
  t.same(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  t.same(isDNS1035Label('web'), []);
  t.equal(isDNS1035Label('1web').length, 1);
  t.same(isWildcardDNS1123Subdomain('*.example.com'), []);
  t.equal(isWildcardDNS1123Subdomain('*example.com').length, 1);
});

t.test('qualified names and label values', async (t) => {
  t.same(isQualifiedName('app.kubernetes.io/name'), []);
  t.same(isQualifiedName('/name'), ['prefix part must be non-empty']);
  t.same(isQualifiedName('a/b/c'), ['a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')']);
  t.same(isQualifiedName('prefix/'), ['name part must be non-empty', 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')']);
  t.same(isValidLabelValue(''), []);
  t.same(isValidLabelValue('v1.2_b'), []);
  t.equal(isValidLabelValue('-x').length, 1);
});

t.test('config keys, ports, env names, path segments', async (t) => {
  t.same(isConfigMapKey('app.properties'), []);
  t.same(isConfigMapKey('a b'), ['a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')']);
  t.same(isConfigMapKey('..data'), ['must not start with \'..\'']);
  t.same(isValidPortNum(80), []);
  t.same(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  t.same(isValidPortName('http'), []);
  t.same(isValidPortName('8080'), ['must contain at least one letter (a-z)']);
  t.same(isValidPortName('a-very-long-port-name'), ['must be no more than 15 characters']);
  t.same(isValidPortName('-a--b'), ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']);
  t.same(isEnvVarName('1_IS.fine-now'), []);
  t.same(isEnvVarName('A=B'), ['a valid environment variable name must consist only of printable ASCII characters other than \'=\'']);
  t.same(isValidPathSegmentName('..', false), ['may not be \'..\'']);
  t.same(isValidPathSegmentName('a%b/c', false), ['may not contain \'/\'', 'may not contain \'%\'']);
});

t.test('IP addresses and CIDRs', async (t) => {
  t.same(ipErrors('10.0.0.1'), []);
  t.same(ipErrors('2001:db8::1'), []);
  t.same(ipErrors('2001:DB8::1'), ['must be in canonical form ("2001:db8::1")']);
  t.same(ipErrors('300.1.1.1'), ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  t.same(cidrErrors('10.0.0.0/8'), []);
  t.same(cidrErrors('10.0.0.1/8'), ['must not have bits set beyond the prefix length']);
  t.same(cidrErrors('10.0.0.0'), ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
});
