// Where objects live in the store, and how they are encoded there. Like
// kube-apiserver, the stored JSON carries no resourceVersion: it is the key's
// modification revision, set when the object is read.
import type { KeyValue } from '../store/store.ts';
import type { KubeObject } from './object.ts';
import { resourceTypes, type ResourceType } from './resources.ts';

// kube-apiserver's etcd layout, so that `etcdctl get --prefix /registry/pods/` reads as on a kubeadm
// control plane: a built-in type under its plural, except where kube-apiserver's storage names it
// otherwise; the aggregator's and apiextensions' types and custom resources under GROUP/PLURAL.
// events.k8s.io Events are stored apart from core Events here (upstream, both share /registry/events).
const renamed = new Map([
  ['/services', 'services/specs'],
  ['/endpoints', 'services/endpoints'],
  ['/nodes', 'minions'],
  ['/replicationcontrollers', 'controllers'],
  ['networking.k8s.io/ingresses', 'ingress'],
]);
const groupQualified = new Set(['apiregistration.k8s.io', 'apiextensions.k8s.io', 'events.k8s.io']);
const builtin = new Set(resourceTypes.map((t) => `${t.group}/${t.plural}`));

function typePrefix(t: ResourceType): string {
  const id = `${t.group}/${t.plural}`;
  const path = renamed.get(id) ?? (builtin.has(id) && !groupQualified.has(t.group) ? t.plural : id);
  return `/registry/${path}/`;
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
