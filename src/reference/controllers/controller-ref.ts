// Controller references and the claiming of objects by selector, as upstream's
// metav1.GetControllerOf and ControllerRefManager: a controller adopts orphans
// its selector matches and releases what it owns but no longer matches.
import type { KubeObject } from '../api/object.ts';
import { labelSelectorFromObject, type LabelSelectorObject } from '../api/selectors/label-selector-object.ts';
import type { LabelSelector } from '../api/selectors/label-selector.ts';
import type { ApiClient } from '../../kube/api-client.ts';

export type OwnerReference = NonNullable<NonNullable<KubeObject['metadata']>['ownerReferences']>[number];

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

/** The selector of spec.selector; an invalid selector matches nothing. */
export function specSelector(obj: KubeObject): LabelSelector {
  try {
    return labelSelectorFromObject((obj.spec as { selector?: LabelSelectorObject } | undefined)?.selector);
  } catch {
    return labelSelectorFromObject(undefined);
  }
}

export interface ClaimOptions {
  client: ApiClient;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  selector: LabelSelector;
  /** The object's own path, e.g. /api/v1/namespaces/ns/pods/NAME. */
  pathOf(obj: KubeObject): string;
}

/**
 * The candidates the owner controls after adopting matching orphans and
 * releasing owned objects that no longer match. An owner being deleted
 * neither adopts nor releases.
 */
export async function claimObjects<T extends KubeObject>(candidates: T[], o: ClaimOptions): Promise<T[]> {
  const ownerUid = o.owner.metadata?.uid;
  const ownerDeleting = o.owner.metadata?.deletionTimestamp !== undefined;
  const claimed: T[] = [];
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = o.selector.matches(obj.metadata?.labels);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches || ownerDeleting) {
        claimed.push(obj);
        continue;
      }
      await updateOwnerReferences(o.client, o.pathOf(obj), obj, (refs) => refs.filter((r) => r.uid !== ownerUid));
      continue;
    }
    if (!matches || ownerDeleting || obj.metadata?.deletionTimestamp) continue;
    const adopted = await updateOwnerReferences(o.client, o.pathOf(obj), obj, (refs) => [
      ...refs,
      newControllerRef(o.owner, o.ownerApiVersion, o.ownerKind),
    ]);
    if (adopted) claimed.push(adopted as T);
  }
  return claimed;
}

/** Rewrites ownerReferences on the object as cached; undefined when it is gone. A conflict throws, so the caller's queue retries. */
export async function updateOwnerReferences(
  client: ApiClient,
  path: string,
  obj: KubeObject,
  change: (refs: OwnerReference[]) => OwnerReference[],
): Promise<KubeObject | undefined> {
  const next = structuredClone(obj);
  const meta = (next.metadata ??= {});
  const refs = change(meta.ownerReferences ?? []);
  if (refs.length) meta.ownerReferences = refs;
  else delete meta.ownerReferences;
  try {
    return await client.update(path, next);
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}
