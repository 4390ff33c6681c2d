// $(VAR) references in env values, command and args, expanded as upstream's
// third_party/forked/golang/expansion does: a defined name is replaced, an
// undefined one is kept as written, $$ escapes a dollar, and any other $ is
// left alone.

/** Looks a name up; undefined when no source defines it. */
export type Lookup = (name: string) => string | undefined;

/** A lookup over sources in order of precedence (the first that defines a name wins). */
export function lookupIn(...sources: ReadonlyMap<string, string>[]): Lookup {
  return (name) => {
    for (const source of sources) {
      const value = source.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

export function expand(input: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar === -1 || dollar === input.length - 1) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '(') {
      const close = input.indexOf(')', dollar + 2);
      if (close === -1) {
        out += input.slice(dollar);
        break;
      }
      const name = input.slice(dollar + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += `$${next}`;
      i = dollar + 2;
    }
  }
  return out;
}
