// Upstream's field.Error and aggregate wording (k8s.io/apimachinery
// util/validation/field and util/errors), so selector errors read exactly as
// kube-apiserver's.

/** A Go value as field.Invalid prints it: strings with %q, string slices with %#v. */
export type BadValue = string | readonly string[] | undefined;

function goQuote(value: string): string {
  return JSON.stringify(value);
}

function formatBadValue(value: BadValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (value === undefined || value.length === 0) return '[]string(nil)';
  return `[]string{${value.map(goQuote).join(', ')}}`;
}

/** `<path>: Invalid value: <value>: <detail>`, as field.Invalid(...).Error(). */
export function invalidValue(path: string, value: BadValue, detail: string): string {
  return `${path}: Invalid value: ${formatBadValue(value)}: ${detail}`;
}

/** Several messages as one, deduplicated, as an aggregate error prints them. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
