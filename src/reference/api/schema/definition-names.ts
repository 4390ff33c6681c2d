// OpenAPI definition names carry the Go package of a type, not its API group:
// io.k8s.api.core.v1.Pod (group ''), io.k8s.api.rbac.v1.Role (group
// rbac.authorization.k8s.io), io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.
// This file converts between groups, packages and definition names.

/** Groups whose name is not the Go package followed by `.k8s.io`. */
const groupsOfPackages: Record<string, string> = {
  core: '',
  meta: '',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  extensions: 'extensions',
  rbac: 'rbac.authorization.k8s.io',
  flowcontrol: 'flowcontrol.apiserver.k8s.io',
  apiserverinternal: 'internal.apiserver.k8s.io',
};

/** Packages that live outside k8s.io/api, with the prefix of their definition names. */
const packagePrefixes: Record<string, string> = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta',
  apiextensions: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  apiregistration: 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

const versionPattern = 'v\\d+(?:(?:alpha|beta)\\d+)?';

export function packageOfGroup(group: string): string {
  if (group === '') return 'core';
  if (group === 'internal.apiserver.k8s.io') return 'apiserverinternal';
  return group.split('.')[0]!;
}

export function groupOfPackage(pkg: string): string {
  return groupsOfPackages[pkg] ?? `${pkg}.k8s.io`;
}

/** The definition name of a type: definitionName('core', 'v1', 'Pod') is io.k8s.api.core.v1.Pod. */
export function definitionName(pkg: string, version: string, kind: string): string {
  return `${packagePrefixes[pkg] ?? `io.k8s.api.${pkg}`}.${version}.${kind}`;
}

export interface ParsedDefinitionName {
  pkg: string;
  version: string;
  kind: string;
}

/** The package, version and kind of a versioned API type's definition name; undefined for others (Quantity, IntOrString). */
export function parseDefinitionName(name: string): ParsedDefinitionName | undefined {
  for (const [pkg, prefix] of Object.entries(packagePrefixes)) {
    const m = new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.(${versionPattern})\\.(\\w+)$`).exec(name);
    if (m) return { pkg, version: m[1]!, kind: m[2]! };
  }
  const m = new RegExp(`^io\\.k8s\\.api\\.(\\w+)\\.(${versionPattern})\\.(\\w+)$`).exec(name);
  return m ? { pkg: m[1]!, version: m[2]!, kind: m[3]! } : undefined;
}
