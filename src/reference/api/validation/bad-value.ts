// How kube-apiserver prints the offending value in a field error: strings in
// Go's %q quoting, numbers and booleans plainly, anything else as the JSON Go's
// encoding/json would write (map keys sorted, <, > and & escaped).

const escapes: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A string as Go's fmt %q writes it. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const escaped = escapes[ch];
    if (escaped) {
      out += escaped;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (printable.test(ch)) out += ch;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** A value as Go's json.Marshal writes it: compact, object keys sorted. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${jsonString(k)}:${goJson(v)}`).join(',')}}`;
  }
  return jsonString(String(value));
}

/**
 * A value already written the way upstream prints it, for Go structs whose
 * field order (declaration order, not sorted) matters.
 */
export class PrintedValue {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** The value part of "Invalid value: <value>". */
export function renderBadValue(value: unknown): string {
  if (value instanceof PrintedValue) return value.text;
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return goJson(value);
}
