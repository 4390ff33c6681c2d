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
}

interface ContinueToken {
  v: string;
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
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

export async function listObjects(registry: Registry, t: ResourceType, namespace: string | undefined, q: ListQuery): Promise<ListPage> {
  const prefix = prefixOf(t, namespace);
  let revision = 0;
  let start = prefix;
  if (q.continueToken) {
    const token = decodeToken(q.continueToken);
    revision = token.rv;
    start = prefix + token.start;
  } else if (q.resourceVersionMatch === 'Exact' && q.resourceVersion) {
    revision = Number(q.resourceVersion);
    if (!Number.isInteger(revision) || revision <= 0) throw badRequest(`invalid resource version "${q.resourceVersion}"`);
  }
  const limit = q.limit && q.limit > 0 ? q.limit : undefined;
  const items: KubeObject[] = [];
  const batch = limit ? Math.max(limit, 100) : undefined;
  try {
    for (;;) {
      const page = await registry.store.list(prefix, { revision, startKey: start, ...(batch ? { limit: batch } : {}) });
      revision = page.revision;
      for (let i = 0; i < page.items.length; i++) {
        const kv = page.items[i]!;
        const obj = decodeObject(kv);
        if (!q.filter(obj)) continue;
        items.push(obj);
        if (limit && items.length === limit) {
          const more = i < page.items.length - 1 || page.more;
          const continueToken = more ? encodeToken(revision, kv.key.slice(prefix.length) + '\u0000') : undefined;
          return { items, resourceVersion: String(revision), ...(continueToken ? { continueToken } : {}) };
        }
      }
      if (!page.more || page.items.length === 0) break;
      start = page.items[page.items.length - 1]!.key + '\u0000';
    }
  } catch (err) {
    if (err instanceof CompactedError) {
      throw q.continueToken ? gone(expiredToken) : gone(`too old resource version: ${revision} (${err.compacted})`);
    }
    throw err;
  }
  return { items, resourceVersion: String(revision) };
}
