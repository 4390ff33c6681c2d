// The protobuf message types of the built-in API, loaded once, on first use,
// from the committed descriptor file that generate.ts writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { kindsInEveryGroupVersion, metaV1Package, protobufGroupVersions, protobufPackage } from './api-groups.ts';

export const descriptorFilePath = fileURLToPath(new URL('./descriptors.json', import.meta.url));

let root: protobuf.Root | undefined;

function schema(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(JSON.parse(readFileSync(descriptorFilePath, 'utf8')) as protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

/** A message type by its full name, e.g. k8s.io.apimachinery.pkg.runtime.Unknown. */
export function messageType(fullName: string): protobuf.Type {
  return schema().lookupType(fullName);
}

export type MessageTypeLookup = { type: protobuf.Type } | { missing: 'group version' | 'kind' };

/** The message of an object of this apiVersion and kind, or what is missing: the group version has no protobuf schema, or has no such kind. */
export function messageTypeFor(apiVersion: string, kind: string): MessageTypeLookup {
  const groupVersion = protobufGroupVersions.find((gv) => (gv.group ? `${gv.group}/${gv.version}` : gv.version) === apiVersion);
  if (!groupVersion) return { missing: 'group version' };
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return { missing: 'kind' };
  const packages = [protobufPackage(groupVersion.file), ...(kindsInEveryGroupVersion.has(kind) ? [metaV1Package] : [])];
  for (const name of packages) {
    const found = schema().lookup(`${name}.${kind}`);
    if (found instanceof protobuf.Type) return { type: found };
  }
  return { missing: 'kind' };
}
