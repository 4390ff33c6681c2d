// A CSI driver's name (ValidateCSIDriverName): at most 63 characters,
// alphanumerics with '-', '_' and '.' inside.
import { invalid, required, tooLong, type StatusCause } from './status-cause.ts';

export function validateCSIDriverName(name: string, path: string): StatusCause[] {
  if (!name) return [required(path)];
  if (name.length > 63) return [tooLong(path, 63)];
  if (!/^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/.test(name)) {
    return [invalid(path, name, "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]')")];
  }
  return [];
}
