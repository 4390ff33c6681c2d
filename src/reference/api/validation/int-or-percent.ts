// maxSurge / maxUnavailable: a non-negative integer or a percentage.
import { isValidPercent } from './formats.ts';
import { num } from './object-access.ts';
import { invalid, type StatusCause } from './status-cause.ts';

export function validatePositiveIntOrPercent(value: unknown, path: string): StatusCause[] {
  if (typeof value === 'string') return isValidPercent(value).map((msg) => invalid(path, value, msg));
  const n = num(value);
  return n < 0 ? [invalid(path, n, 'must be greater than or equal to 0')] : [];
}

/** The number a value stands for (a percentage's number, 0 for anything unparseable). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'string') return isValidPercent(value).length ? 0 : Number(value.slice(0, -1));
  return num(value);
}

export function isNotMoreThan100Percent(value: unknown, path: string): StatusCause[] {
  return typeof value === 'string' && isValidPercent(value).length === 0 && intOrPercentValue(value) > 100
    ? [invalid(path, value, 'must not be greater than 100%')]
    : [];
}
