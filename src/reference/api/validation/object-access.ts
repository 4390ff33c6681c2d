// Reading loosely typed JSON the way Go decodes it into typed structs: a field
// that is absent, null or of the wrong type reads as its zero value. (Wrong
// types are reported separately by the schema check.)

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function objs(v: unknown): Obj[] {
  return arr(v).map(obj);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A map of strings (labels, annotations, data); non-string values read as "". */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) out[k] = str(val);
  return out;
}

/** Object keys in a stable order, so errors over maps come out the same every time. */
export function sortedKeys(v: unknown): string[] {
  return Object.keys(obj(v)).sort();
}

/** The object at `o[k]`, created when absent (for defaulting). */
export function ensureObj(o: Obj, k: string): Obj {
  const v = o[k];
  if (isObj(v)) return v;
  const created: Obj = {};
  o[k] = created;
  return created;
}

/** Drops null, empty arrays and empty objects, so that two objects compare as Go's semantic equality would. */
function normalized(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalized);
    return items.length ? items : undefined;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalized(v[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}
