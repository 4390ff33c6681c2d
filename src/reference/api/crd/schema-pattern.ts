// A schema's `pattern`, written for Go's RE2, as a JavaScript RegExp. The two
// agree on the patterns CRDs use; with the u flag first (so \p{L} works),
// then without (for escapes u mode refuses). Compiled once per pattern.

const compiled = new Map<string, RegExp | Error>();

/** The RegExp, or the error of a pattern neither form compiles. */
export function schemaPattern(pattern: string): RegExp | Error {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch (err) {
        re = err as Error;
      }
    }
    compiled.set(pattern, re);
  }
  return re;
}
