// Addresses a Service or endpoint may not point at: unspecified, loopback,
// link-local (ValidateNonSpecialIP).
import { invalid, type StatusCause } from './status-cause.ts';

export function validateNonSpecialIP(ip: string, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (ip === '0.0.0.0' || ip === '::') causes.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if (ip.startsWith('127.') || ip === '::1') causes.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (ip.startsWith('169.254.') || /^fe[89ab]/i.test(ip)) causes.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (ip.startsWith('224.0.0.') || /^ff02:/i.test(ip)) causes.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return causes;
}
