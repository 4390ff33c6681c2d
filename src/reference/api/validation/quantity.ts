// resource.Quantity: parsing ("500m", "1.5Gi", "2e3", or a JSON number),
// exact comparison, and the canonical form upstream prints in messages
// ("1.5" -> "1500m", "1536Mi", "1k").

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in units of 10^-9, rounded up. */
  nanos: bigint;
  format: QuantityFormat;
}

export const quantityPattern = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const grammar = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** Parses a quantity from its JSON form; undefined when it is not one. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const m = grammar.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt(`${whole}${fraction}` || '0');
  let numerator = digits * 10n ** 9n;
  let denominator = 10n ** BigInt(fraction.length);
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in binarySuffixes) {
    numerator *= 2n ** BigInt(binarySuffixes[suffix] ?? 0);
    format = 'BinarySI';
  } else if (/^[eE]./.test(suffix)) {
    const exp = Number(suffix.slice(1));
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
    format = 'DecimalExponent';
  } else {
    const exp = decimalSuffixes[suffix] ?? 0;
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
  }
  const nanos = ceilDiv(numerator, denominator);
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

const decimalSymbols: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const binarySymbols = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function decimalString(nanos: bigint, format: QuantityFormat): string {
  const negative = nanos < 0n;
  let mantissa = negative ? -nanos : nanos;
  let exponent = -9;
  while (mantissa !== 0n && mantissa % 1000n === 0n && exponent < 18) {
    mantissa /= 1000n;
    exponent += 3;
  }
  const suffix = format === 'DecimalExponent' ? (exponent === 0 ? '' : `e${exponent}`) : (decimalSymbols[exponent] ?? '');
  return `${negative ? '-' : ''}${mantissa}${mantissa === 0n ? '' : suffix}`;
}

/** The canonical text of a quantity, as Quantity.String() writes it. */
export function formatQuantity(q: Quantity): string {
  const oneUnit = 10n ** 9n;
  if (q.format === 'BinarySI' && (q.nanos <= -1024n * oneUnit || q.nanos >= 1024n * oneUnit) && q.nanos % oneUnit === 0n) {
    let value = q.nanos / oneUnit;
    let power = 0;
    while (value % 1024n === 0n && power < binarySymbols.length - 1) {
      value /= 1024n;
      power++;
    }
    return `${value}${binarySymbols[power]}`;
  }
  return decimalString(q.nanos, q.format === 'DecimalExponent' ? 'DecimalExponent' : 'DecimalSI');
}
