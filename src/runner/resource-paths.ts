// Where objects of each kind live on the API server, read from discovery
// (/api/v1 and /apis) once per run, so apply() can create any kind the
// cluster serves without a built-in table.
import type { ApiClient } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

interface GroupList {
  groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string }[] }[];
}

export interface ResourcePath {
  /** The collection path for a namespace (ignored when cluster-scoped). */
  collection(namespace: string | undefined): string;
  namespaced: boolean;
}

export class ResourcePaths {
  readonly #byApiVersionKind: Map<string, ResourcePath>;

  private constructor(byApiVersionKind: Map<string, ResourcePath>) {
    this.#byApiVersionKind = byApiVersionKind;
  }

  static async discover(client: ApiClient): Promise<ResourcePaths> {
    const map = new Map<string, ResourcePath>();
    const add = (groupVersion: string, prefix: string, resources: ApiResource[]) => {
      for (const r of resources) {
        if (r.name.includes('/')) continue;
        const plural = r.name;
        map.set(`${groupVersion}/${r.kind}`, {
          namespaced: r.namespaced,
          collection: (ns) => (r.namespaced ? `${prefix}/namespaces/${ns}/${plural}` : `${prefix}/${plural}`),
        });
      }
    };
    const core = await client.get<KubeObject & { resources?: ApiResource[] }>('/api/v1');
    add('v1', '/api/v1', core.resources ?? []);
    const groups = (await client.get<KubeObject & GroupList>('/apis')).groups ?? [];
    const versions = groups.flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion));
    const lists = await Promise.all(versions.map((gv) => client.get<KubeObject & { resources?: ApiResource[] }>(`/apis/${gv}`)));
    versions.forEach((gv, i) => add(gv, `/apis/${gv}`, lists[i]!.resources ?? []));
    return new ResourcePaths(map);
  }

  /** Throws naming the apiVersion and kind when the cluster does not serve them. */
  of(object: KubeObject): ResourcePath {
    const key = `${object.apiVersion}/${object.kind}`;
    const path = this.#byApiVersionKind.get(key);
    if (path === undefined) throw new Error(`the cluster serves no ${object.kind} in ${object.apiVersion}`);
    return path;
  }
}
