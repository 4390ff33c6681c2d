// A small flag parser for kdrill's commands: --name value, --name=value,
// boolean flags, and usage errors that name the flag and the expected form.

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean' | 'list';
  description: string;
  /** The value's form in help text, e.g. DIR, URL, N. */
  placeholder?: string;
  default?: string | number | boolean;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  flags: FlagValues;
  positionals: string[];
}

export function parseFlags(argv: string[], specs: Record<string, FlagSpec>): ParsedArgs {
  const flags: FlagValues = {};
  const positionals: string[] = [];
  for (const [name, spec] of Object.entries(specs)) if (spec.default !== undefined) flags[name] = spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown flag --${name}`);
    if (spec.type === 'boolean') {
      flags[name] = eq === -1 ? true : parseBoolean(name, arg.slice(eq + 1));
      continue;
    }
    const value: string | undefined = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`flag --${name} needs a value (${spec.placeholder ?? spec.type})`);
    }
    if (spec.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`flag --${name}: "${value}" is not a number`);
      flags[name] = n;
    } else if (spec.type === 'list') {
      const list = value.split(',').map((v) => v.trim()).filter(Boolean);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...list];
    } else {
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

function parseBoolean(name: string, v: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`flag --${name}: "${v}" is not true or false`);
}

export function describeFlags(specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.type === 'boolean' ? '' : ` ${s.placeholder ?? s.type.toUpperCase()}`}`;
    const def = s.default !== undefined && s.type !== 'boolean' ? ` (default ${String(s.default)})` : '';
    return [left, `${s.description}${def}`] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => l.padEnd(width) + r).join('\n');
}
