// The string formats Kubernetes checks everywhere (apimachinery's
// util/validation): DNS names, qualified names, label values, config keys,
// port names. Each check returns the reasons a value fails, worded as upstream
// words them, or an empty list.
import { isIP } from 'node:net';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123LabelWithUnderscoreFmt = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const dns1123SubdomainWithUnderscoreFmt = `${dns1123LabelWithUnderscoreFmt}(\\.${dns1123LabelWithUnderscoreFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const wildcardDNS1123SubdomainFmt = `\\*\\.${dns1123SubdomainFmt}`;
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelValueFmt = `(${qualifiedNameFmt})?`;
const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const percentFmt = '[0-9]+%';
const httpHeaderNameFmt = '[-A-Za-z0-9]+';

function anchored(fmt: string): RegExp {
  return new RegExp(`^(?:${fmt})$`);
}

const dns1123LabelRe = anchored(dns1123LabelFmt);
const dns1123SubdomainRe = anchored(dns1123SubdomainFmt);
const dns1123SubdomainWithUnderscoreRe = anchored(dns1123SubdomainWithUnderscoreFmt);
const dns1035LabelRe = anchored(dns1035LabelFmt);
const wildcardDNS1123SubdomainRe = anchored(wildcardDNS1123SubdomainFmt);
const qualifiedNameRe = anchored(qualifiedNameFmt);
const labelValueRe = anchored(labelValueFmt);
const configMapKeyRe = anchored(configMapKeyFmt);
const percentRe = anchored(percentFmt);
const httpHeaderNameRe = anchored(httpHeaderNameFmt);

const dns1123LabelMaxLength = 63;
const dns1123SubdomainMaxLength = 253;

/** Go's len(): the length in UTF-8 bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function emptyError(): string {
  return 'must be non-empty';
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123LabelMaxLength) errs.push(maxLenError(dns1123LabelMaxLength));
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else {
      errs.push(regexError(
        'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character',
        dns1123LabelFmt, 'my-name', '123-abc'));
    }
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength) errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(regexError(
      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character',
      dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

/** DNS search domains (RelaxedDNSSearchValidation, on in 1.34): labels may start with '_' and contain it. */
export function isDNS1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength) errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainWithUnderscoreRe.test(value)) {
    errs.push(regexError(
      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'_\', \'-\' or \'.\', and must start and end with an alphanumeric character',
      dns1123SubdomainWithUnderscoreFmt, 'example.com'));
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123LabelMaxLength) errs.push(maxLenError(dns1123LabelMaxLength));
  if (!dns1035LabelRe.test(value)) {
    errs.push(regexError(
      'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character',
      dns1035LabelFmt, 'my-name', 'abc-123'));
  }
  return errs;
}

export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength) errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!wildcardDNS1123SubdomainRe.test(value)) {
    errs.push(regexError(
      'a wildcard DNS-1123 subdomain must start with \'*.\', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, \'-\' or \'.\' and end with an alphanumeric character',
      wildcardDNS1123SubdomainFmt, '*.example.com'));
  }
  return errs;
}

const qualifiedNameErrMsg = 'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character';

/** A "qualified name": label keys, annotation keys, finalizers: an optional DNS subdomain prefix and '/', then a name. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) {
    errs.push(regexError(
      'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character',
      labelValueFmt, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

function chDirPrefixErrors(value: string): string[] {
  if (value === '.') return ['must not be \'.\''];
  if (value === '..') return ['must not be \'..\''];
  if (value.startsWith('..')) return ['must not start with \'..\''];
  return [];
}

/** Keys of ConfigMap and Secret data, and the keys env vars refer to. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength) errs.push(maxLenError(dns1123SubdomainMaxLength));
  if (!configMapKeyRe.test(value)) {
    errs.push(regexError('a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'', configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  }
  errs.push(...chDirPrefixErrors(value));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 && Number.isInteger(port) ? [] : [inclusiveRangeError(1, 65535)];
}

/** An IANA service name: 1-15 of [-a-z0-9] with at least one letter, no leading, trailing or double hyphens. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isValidPercent(value: string): string[] {
  return percentRe.test(value) ? [] : [regexError('a valid percent string must be a numeric string followed by an ending \'%\'', percentFmt, '1%', '93%')];
}

export function isHTTPHeaderName(value: string): string[] {
  return httpHeaderNameRe.test(value) ? [] : [regexError('a valid HTTP header must consist of alphanumeric characters or \'-\'', httpHeaderNameFmt, 'X-Header-Name')];
}

/** Environment variable names (RelaxedEnvironmentVariableValidation, on in 1.34): printable ASCII but '='. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`);
  if (/[^\x20-\x7e]|=/.test(value)) errs.push('a valid environment variable name must consist only of printable ASCII characters other than \'=\'');
  return errs;
}

export function isValidUserID(id: number): string[] {
  return id >= 0 && id <= 2147483647 ? [] : [inclusiveRangeError(0, 2147483647)];
}

/** A name that can be a segment of a URL path. */
export function isValidPathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

function canonicalIP(value: string): string {
  return isIP(value) === 6 ? new URL(`http://[${value}]/`).hostname.slice(1, -1) : value;
}

/** An IP address in canonical form (IsValidIP). */
export function ipErrors(value: string): string[] {
  if (!isIP(value)) return ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
  const canonical = canonicalIP(value);
  return canonical === value ? [] : [`must be in canonical form ("${canonical}")`];
}

function ipv4HostBits(ip: string, prefix: number): boolean {
  const value = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const hostSize = 2 ** (32 - prefix);
  return value % hostSize !== 0;
}

/** A CIDR in canonical form (IsValidCIDR). */
export function cidrErrors(value: string): string[] {
  const [ip = '', bits, ...rest] = value.split('/');
  const family = isIP(ip);
  const max = family === 6 ? 128 : 32;
  if (!family || bits === undefined || rest.length || !/^\d+$/.test(bits) || Number(bits) > max) {
    return ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
  }
  if (family === 4 && ipv4HostBits(ip, Number(bits))) return ['must not have bits set beyond the prefix length'];
  const canonical = `${canonicalIP(ip)}/${Number(bits)}`;
  return canonical === value ? [] : [`must be in canonical form ("${canonical}")`];
}
