// Lists with kube-apiserver's paging: limit and continue tokens that pin the
// revision of the first page, so every page reads one consistent snapshot.
import { CompactedError } from '../store/store.ts';
import type { KubeObject } from './object.ts';
import type { Registry } from './registry.ts';
import type { ResourceType } from './resources.ts';
import { badRequest, gone } from './status.ts';
import { decodeObject, prefixOf } from './storage-keys.ts';

export type ObjectFilter = (obj: KubeObject) => boolean;

export interface ListQuery {
  filter: ObjectFilter;
  /** No filter beyond the namespace: counts of what is left are exact. */
  unfiltered: boolean;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  /** Unfiltered pages only: how many objects the following pages hold. */
  remainingItemCount?: number;
}

interface ContinueToken {
  v: string;
  /** -1: continue at the latest revision (the token an expired one is replaced with). */
  rv: number;
  start: string;
}

const tokenVersion = 'meta.k8s.io/v1';
const expiredToken =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function encodeToken(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: tokenVersion, rv, start } satisfies ContinueToken)).toString('base64url');
}

function decodeToken(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v !== tokenVersion || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw badRequest('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

export async function listObjects(registry: Registry, t: ResourceType, namespace: string | undefined, q: ListQuery): Promise<ListPage> {
  const prefix = prefixOf(t, namespace);
  let revision = 0;
  let start = prefix;
  if (q.continueToken) {
    const token = decodeToken(q.continueToken);
    if (q.resourceVersion && q.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    revision = token.rv === -1 ? 0 : token.rv;
    start = prefix + token.start;
  } else if (q.resourceVersionMatch === 'Exact' && q.resourceVersion) {
    revision = Number(q.resourceVersion);
    if (!Number.isInteger(revision) || revision <= 0) throw badRequest(`invalid resource version "${q.resourceVersion}"`);
  }
  const limit = q.limit && q.limit > 0 ? q.limit : undefined;
  const items: KubeObject[] = [];
  // Read the store in bounded ranges (one revision for all), however large the list.
  const batch = limit ? Math.max(limit, 100) : 1000;
  try {
    for (;;) {
      const page = await registry.store.list(prefix, { revision, startKey: start, limit: batch });
      revision = page.revision;
      for (let i = 0; i < page.items.length; i++) {
        const kv = page.items[i]!;
        const obj = decodeObject(kv);
        if (!q.filter(obj)) continue;
        items.push(obj);
        if (limit && items.length === limit) {
          const more = i < page.items.length - 1 || page.more;
          const continueToken = more ? encodeToken(revision, kv.key.slice(prefix.length) + '\u0000') : undefined;
          // As kube-apiserver: an exact count of what is left, only when no selector filters it.
          let remainingItemCount: number | undefined;
          if (more && q.unfiltered) {
            remainingItemCount = page.items.length - 1 - i;
            if (page.more) remainingItemCount += (await registry.store.list(prefix, { revision, startKey: page.items[page.items.length - 1]!.key + '\u0000' })).items.length;
          }
          return { items, resourceVersion: String(revision), ...(continueToken ? { continueToken } : {}), ...(remainingItemCount !== undefined ? { remainingItemCount } : {}) };
        }
      }
      if (!page.more || page.items.length === 0) break;
      start = page.items[page.items.length - 1]!.key + '\u0000';
    }
  } catch (err) {
    if (err instanceof CompactedError) {
      if (!q.continueToken) throw gone(`too old resource version: ${revision} (${err.compacted})`);
      // As kube-apiserver: the Status carries a token that continues after the same key at the latest revision.
      const expired = gone(expiredToken);
      expired.listMeta = { continue: encodeToken(-1, decodeToken(q.continueToken).start) };
      throw expired;
    }
    throw err;
  }
  return { items, resourceVersion: String(revision) };
}
