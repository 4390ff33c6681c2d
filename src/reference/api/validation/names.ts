// Rules for object names (ValidateNameFunc upstream). `prefix` is true for a
// generateName, which may end in '-' since a random suffix follows it.
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName } from './formats.ts';

export type NameRule = (name: string, prefix: boolean) => string[];

/** Upstream replaces the last two characters of a generateName ending in '-' by "a" before checking it. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const dnsSubdomainName: NameRule = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

export const dnsLabelName: NameRule = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);

export const dns1035LabelName: NameRule = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Names that only need to be usable in a URL path. */
export const pathSegmentName: NameRule = (name, prefix) => isValidPathSegmentName(name, prefix);
