// Label key and value syntax, with upstream's messages
// (k8s.io/apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue).

const qualifiedNameFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedName = new RegExp(`^${qualifiedNameFormat}$`);
const qualifiedNameMessage =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameMaxLength = 63;

const labelValueFormat = `(${qualifiedNameFormat})?`;
const labelValue = new RegExp(`^${labelValueFormat}$`);
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueMaxLength = 63;

const dnsLabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dnsSubdomainFormat = `${dnsLabelFormat}(\\.${dnsLabelFormat})*`;
const dnsSubdomain = new RegExp(`^${dnsSubdomainFormat}$`);
const dnsSubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dnsSubdomainMaxLength = 253;

function regexError(message: string, format: string, examples: string[]): string {
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

function maxLengthError(length: number): string {
  return `must be no more than ${length} characters`;
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function dnsSubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dnsSubdomainMaxLength) errors.push(maxLengthError(dnsSubdomainMaxLength));
  if (!dnsSubdomain.test(value)) errors.push(regexError(dnsSubdomainMessage, dnsSubdomainFormat, ['example.com']));
  return errors;
}

/** Why `key` is not a valid label key (a qualified name), or [] when it is. */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  const errors: string[] = [];
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dnsSubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameMessage, qualifiedNameFormat, ['MyName', 'my.name', '123-abc'])}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > qualifiedNameMaxLength) errors.push(`name part ${maxLengthError(qualifiedNameMaxLength)}`);
  if (!qualifiedName.test(name)) {
    errors.push(`name part ${regexError(qualifiedNameMessage, qualifiedNameFormat, ['MyName', 'my.name', '123-abc'])}`);
  }
  return errors;
}

/** Why `value` is not a valid label value, or [] when it is. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > labelValueMaxLength) errors.push(maxLengthError(labelValueMaxLength));
  if (!labelValue.test(value)) errors.push(regexError(labelValueMessage, labelValueFormat, ['MyValue', 'my_value', '12345']));
  return errors;
}
