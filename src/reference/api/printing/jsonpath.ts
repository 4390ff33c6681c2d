// The JSONPath of kubectl and of CustomResourceDefinitions'
// additionalPrinterColumns (client-go's jsonpath, as the CRD table convertor
// uses it with missing keys allowed): .field, ['field'], [n], [-n], [a:b],
// [*], ..field (recursive descent), unions [a,b] and filters [?(@.x == "y")].

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string | undefined }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { kind: 'union'; names: string[] }
  | { kind: 'filter'; path: Step[]; op: string | undefined; literal: unknown };

export class JsonPathError extends Error {}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

function literalOf(text: string): unknown {
  const t = text.trim();
  if (/^'.*'$/.test(t) || /^".*"$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  const n = Number(t);
  if (t !== '' && !Number.isNaN(n)) return n;
  throw new JsonPathError(`unrecognized literal ${t}`);
}

function closingBracket(path: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new JsonPathError(`unterminated array in ${path}`);
}

function bracketStep(inner: string): Step {
  const body = inner.trim();
  if (body === '*') return { kind: 'wildcard' };
  if (body.startsWith('?(') && body.endsWith(')')) {
    const expr = body.slice(2, -1).trim();
    const m = /^@((?:\.[\w-]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>)?\s*(.*)$/.exec(expr);
    if (!m) throw new JsonPathError(`unrecognized filter ${expr}`);
    return { kind: 'filter', path: parseSteps(m[1] ?? ''), op: m[2], literal: m[2] ? literalOf(m[3] ?? '') : undefined };
  }
  if (/^-?\d*:-?\d*(:-?\d*)?$/.test(body)) {
    const [a, b, c] = body.split(':').map((x) => (x === '' || x === undefined ? undefined : Number(x)));
    return { kind: 'slice', start: a, end: b, step: c };
  }
  if (/^-?\d+$/.test(body)) return { kind: 'index', index: Number(body) };
  const names = body.split(',').map(unquote);
  return names.length === 1 ? { kind: 'field', name: names[0]! } : { kind: 'union', names };
}

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '$' || c === '@' || /\s/.test(c)) {
      i++;
    } else if (path.startsWith('..', i)) {
      const m = /^\.\.([\w-]+|\*)?/.exec(path.slice(i))!;
      steps.push({ kind: 'recursive', name: m[1] === '*' ? undefined : m[1] });
      i += m[0].length;
    } else if (c === '.') {
      const m = /^\.([\w-]+|\*)?/.exec(path.slice(i))!;
      if (m[1] === '*') steps.push({ kind: 'wildcard' });
      else if (m[1]) steps.push({ kind: 'field', name: m[1] });
      i += m[0].length;
    } else if (c === '[') {
      const close = closingBracket(path, i);
      steps.push(bracketStep(path.slice(i + 1, close)));
      i = close + 1;
    } else {
      const m = /^[\w-]+/.exec(path.slice(i));
      if (!m) throw new JsonPathError(`unrecognized character in ${path} at ${i}`);
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

/** Parse a JSONPath, with or without the template braces ("{.spec.replicas}" or ".spec.replicas"). */
export function parseJsonPath(path: string): Step[] {
  const t = path.trim();
  return parseSteps(t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  for (const c of children(v)) out.push(...descendants(c));
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return typeof a === typeof b && (a as number) < (b as number);
    case '<=': return typeof a === typeof b && (a as number) <= (b as number);
    case '>': return typeof a === typeof b && (a as number) > (b as number);
    default: return typeof a === typeof b && (a as number) >= (b as number);
  }
}

function apply(step: Step, values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isObject(v) && step.name in v) out.push(v[step.name]);
        break;
      case 'union':
        if (isObject(v)) for (const n of step.names) if (n in v) out.push(v[n]);
        break;
      case 'wildcard':
        out.push(...children(v));
        break;
      case 'recursive':
        for (const d of descendants(v)) {
          if (step.name === undefined) out.push(...children(d));
          else if (isObject(d) && step.name in d) out.push(d[step.name]);
        }
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'slice':
        if (Array.isArray(v)) {
          const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(v.length + x, 0) : Math.min(x, v.length));
          const by = step.step ?? 1;
          for (let i = norm(step.start, 0); i < norm(step.end, v.length); i += by > 0 ? by : 1) out.push(v[i]);
        }
        break;
      case 'filter':
        for (const item of children(v)) {
          const found = evaluate(step.path, item);
          if (step.op === undefined ? found.length > 0 : found.some((f) => compare(f, step.op!, step.literal))) out.push(item);
        }
        break;
    }
  }
  return out;
}

function evaluate(steps: Step[], root: unknown): unknown[] {
  return steps.reduce<unknown[]>((values, step) => apply(step, values), [root]);
}

/** Every value the path selects in `root`; none when a key is missing. */
export function findJsonPath(path: string, root: unknown): unknown[] {
  return evaluate(parseJsonPath(path), root);
}

/** A selected value as kubectl's JSONPath printer writes it: text for scalars, compact JSON for objects and lists. */
export function jsonPathText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value === null || value === undefined ? '<nil>' : String(value);
}
