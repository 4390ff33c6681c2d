// meta.k8s.io PartialObjectMetadata and PartialObjectMetadataList: an object,
// or a list, reduced to its metadata (what metadata-only informers ask for).
import type { KubeObject, ObjectMeta } from '../object.ts';

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: string;
  metadata: ObjectMeta;
}

/** apiVersion: meta.k8s.io/v1 or meta.k8s.io/v1beta1. */
export function asPartialObjectMetadata(obj: KubeObject, apiVersion: string): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata ?? {} };
}

export function asPartialObjectMetadataList(items: KubeObject[], listMeta: ListMeta, apiVersion: string): Record<string, unknown> {
  return { kind: 'PartialObjectMetadataList', apiVersion, metadata: listMeta, items: items.map((o) => asPartialObjectMetadata(o, apiVersion)) };
}
