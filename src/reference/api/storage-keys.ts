// Where objects live in the store, and how they are encoded there. Like
// kube-apiserver, the stored JSON carries no resourceVersion: it is the key's
// modification revision, set when the object is read.
import type { KeyValue } from '../store/store.ts';
import type { KubeObject } from './object.ts';
import type { ResourceType } from './resources.ts';

function typePrefix(t: ResourceType): string {
  return `/registry/${t.group === '' ? 'core' : t.group}/${t.plural}/`;
}

/** The prefix of every object of a type, or of those in one namespace. */
export function prefixOf(t: ResourceType, namespace?: string): string {
  return t.namespaced && namespace ? `${typePrefix(t)}${namespace}/` : typePrefix(t);
}

export function keyOf(t: ResourceType, namespace: string | undefined, name: string): string {
  return t.namespaced ? `${typePrefix(t)}${namespace}/${name}` : `${typePrefix(t)}${name}`;
}

export function encodeObject(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return JSON.stringify({ ...obj, metadata });
}

export function decodeObject(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata = { ...obj.metadata, resourceVersion: String(revision) };
  return obj;
}
