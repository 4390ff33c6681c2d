// Names each @kubernetes/client-node model class after its OpenAPI definition.
// Class names keep only the version and the kind (V1PodSpec), with the package
// as a prefix when two packages share a kind (CoreV1Event, EventsV1Event). The
// package is found, in order of trust:
//  1. from that prefix;
//  2. from kubernetes-models, which knows the full name of every type up to
//     its release;
//  3. for newer types: a kind created by POST to a collection of group G is in
//     G's package, a list is in its item's package, and any other type is in
//     the package of the types that hold it (core when core is among them: the
//     other packages import core, never the reverse).

import { definitionName, packageOfGroup, parseDefinitionName } from '../definition-names.ts';
import type { ApiOperation } from './client-node-apis.ts';
import type { Model } from './client-node-models.ts';
import type { KnownDefinition } from './kubernetes-models.ts';

/** Types the rules above would place wrongly. */
const fixedNames: Record<string, string> = {
  VersionInfo: 'io.k8s.apimachinery.pkg.version.Info',
  // Held only by storagemigration types, but declared in apimachinery.
  V1GroupResource: 'io.k8s.apimachinery.pkg.apis.meta.v1.GroupResource',
};

const className = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/;
const collectionPath = /^\/(?:api|apis\/([^/]+))\/(v[^/]+)\/(?:namespaces\/\{namespace\}\/)?[a-z0-9]+$/;

/** The model classes a field type mentions: 'Array<V1Container>' mentions V1Container. */
function mentionedClasses(type: string): string[] {
  return [...type.matchAll(/\b(?:[A-Z][a-z]+)?V\d+(?:(?:alpha|beta)\d+)?[A-Z]\w*|\bVersionInfo\b/g)].map((m) => m[0]);
}

export function nameClasses(models: Model[], known: Map<string, KnownDefinition>, operations: ApiOperation[]): Map<string, string> {
  const names = new Map<string, string>();
  const parsed = new Map<string, { version: string; kind: string }>();
  for (const model of models) {
    const fixed = fixedNames[model.className];
    if (fixed) {
      names.set(model.className, fixed);
      continue;
    }
    const m = className.exec(model.className);
    if (!m) throw new Error(`unexpected model class name ${model.className}`);
    const [, prefix, version, kind] = m as unknown as [string, string | undefined, string, string];
    if (prefix) names.set(model.className, definitionName(prefix.toLowerCase(), version.toLowerCase(), kind));
    else parsed.set(model.className, { version: version.toLowerCase(), kind });
  }

  const knownByVersionKind = new Map<string, string[]>();
  for (const name of known.keys()) {
    const p = parseDefinitionName(name);
    if (!p) continue;
    const key = `${p.version}.${p.kind}`;
    knownByVersionKind.set(key, [...(knownByVersionKind.get(key) ?? []), name]);
  }
  for (const [cls, { version, kind }] of parsed) {
    const candidates = knownByVersionKind.get(`${version}.${kind}`) ?? [];
    if (candidates.length === 1) names.set(cls, candidates[0]!);
  }

  const packageOf = new Map<string, string>();
  for (const op of operations) {
    const m = op.httpMethod === 'POST' && op.bodyType ? collectionPath.exec(op.path) : null;
    if (m && !names.has(op.bodyType!)) packageOf.set(op.bodyType!, packageOfGroup(m[1] ?? ''));
  }
  const holders = new Map<string, Set<string>>();
  const itemClasses = new Map<string, string>();
  for (const model of models) {
    const items = model.fields.find((f) => f.name === 'items');
    const itemClass = items && mentionedClasses(items.type)[0];
    if (itemClass) itemClasses.set(model.className, itemClass);
    for (const field of model.fields) {
      for (const held of mentionedClasses(field.type)) {
        if (!holders.has(held)) holders.set(held, new Set());
        holders.get(held)!.add(model.className);
      }
    }
  }
  const pkgOfClass = (cls: string): string | undefined => {
    const name = names.get(cls);
    return name ? parseDefinitionName(name)?.pkg : packageOf.get(cls);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [cls, { version, kind }] of parsed) {
      if (names.has(cls)) continue;
      let pkg = packageOf.get(cls);
      const items = itemClasses.get(cls);
      if (!pkg && kind.endsWith('List') && items) pkg = pkgOfClass(items);
      if (!pkg) {
        const pkgs = new Set([...(holders.get(cls) ?? [])].map(pkgOfClass));
        if (pkgs.has(undefined)) continue;
        pkg = pkgs.has('core') ? 'core' : pkgs.size === 1 ? [...pkgs][0] : undefined;
      }
      if (!pkg) continue;
      names.set(cls, definitionName(pkg, version, kind));
      changed = true;
    }
  }
  const unnamed = models.map((m) => m.className).filter((c) => !names.has(c));
  if (unnamed.length > 0) throw new Error(`cannot find the package of ${unnamed.join(', ')}; add them to fixedNames`);
  return names;
}
