// The node authorizer (plugin/pkg/auth/authorizer/node) with the
// NodeRestriction admission checks folded in: a kubelet, user system:node:NAME
// in group system:nodes, may read the secrets, config maps, claims, volumes and
// service account tokens of pods bound to it, write only its own Node, Lease
// and the status of its own pods, and otherwise what the system:node role
// grants. Everyone else gets no opinion.
import type { Store } from '../../store/store.ts';
import type { UserInfo } from '../authn.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes } from '../resources.ts';
import { keyOf, prefixOf, decodeObject } from '../storage-keys.ts';
import { nodesGroup } from './bootstrap-policy.ts';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './policy-rule.ts';
import type { Decision } from './rbac-authorizer.ts';
import { podNodeName, podReferences, type PodReferences } from './node-references.ts';
import { StoreMirror } from './store-mirror.ts';

const nodeUserPrefix = 'system:node:';
const podsType = resourceTypes.find((t) => t.group === '' && t.plural === 'pods')!;
const claimsType = resourceTypes.find((t) => t.group === '' && t.plural === 'persistentvolumeclaims')!;

/** The node a user is the kubelet of, as upstream's NodeIdentifier: system:node:NAME in system:nodes. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.name.startsWith(nodeUserPrefix) || !user.groups.includes(nodesGroup)) return undefined;
  return user.name.slice(nodeUserPrefix.length);
}

const noOpinion: Decision = { allowed: false, reason: '' };
const allow: Decision = { allowed: true, reason: '' };

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

export class NodeAuthorizer {
  readonly #store: Store;
  readonly #pods: StoreMirror;
  readonly #nodeRules: PolicyRule[];
  /** The pods mirror starts with the first request from a node: a cluster without kubelet identities never pays for it. */
  #podsStarted: Promise<void> | undefined;

  constructor(store: Store, nodeRules: PolicyRule[]) {
    this.#store = store;
    this.#pods = new StoreMirror(store, prefixOf(podsType));
    this.#nodeRules = nodeRules;
  }

  async stop(): Promise<void> {
    if (this.#podsStarted) await this.#pods.stop();
  }

  async authorize(user: UserInfo, a: RequestAttributes): Promise<Decision> {
    const node = nodeNameOf(user);
    if (node === undefined) return noOpinion;
    if (node === '') return deny('unknown node');
    this.#podsStarted ??= this.#pods.start().catch((err: unknown) => {
      this.#podsStarted = undefined;
      throw err;
    });
    await this.#podsStarted;
    if (!a.resourceRequest) return this.#byRules(a);
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    if (a.apiGroup === '') {
      switch (resource) {
        case 'secrets':
        case 'configmaps':
        case 'persistentvolumeclaims':
          return this.#readReferenced(node, a, resource);
        case 'persistentvolumes':
          return this.#readVolume(node, a);
        case 'serviceaccounts/token':
          return this.#serviceAccountToken(node, a);
        case 'nodes':
        case 'nodes/status':
          if (['create', 'update', 'patch', 'delete'].includes(a.verb) && a.name !== '' && a.name !== node) {
            return deny(`node "${node}" is not allowed to modify node "${a.name}"`);
          }
          return this.#byRules(a);
        case 'pods/status':
        case 'pods/eviction':
          if (!this.#podOnNode(node, a.namespace, a.name)) return deny(`node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
          return this.#byRules(a);
        default:
          return this.#byRules(a);
      }
    }
    if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases') {
      if (a.namespace !== 'kube-node-lease') return deny('can only access node lease in the kube-node-lease namespace');
      if (a.verb !== 'create' && a.name !== node) return deny('can only access node lease with the same name as the requesting node');
      return this.#byRules(a);
    }
    return this.#byRules(a);
  }

  #byRules(a: RequestAttributes): Decision {
    return this.#nodeRules.some((r) => ruleAllows(r, a)) ? allow : noOpinion;
  }

  #podsOn(node: string, namespace: string): KubeObject[] {
    return [...this.#pods.values()].filter((p) => p.metadata?.namespace === namespace && podNodeName(p) === node);
  }

  #podOnNode(node: string, namespace: string, name: string): boolean {
    const pod = this.#pods.get(keyOf(podsType, namespace, name));
    return pod !== undefined && podNodeName(pod) === node;
  }

  #readReferenced(node: string, a: RequestAttributes, kind: keyof PodReferences): Decision {
    if (a.verb !== 'get') return deny(`can only get individual resources of this type`);
    if (a.name === '') return deny('can only get individual resources of this type');
    const related = this.#podsOn(node, a.namespace).some((p) => podReferences(p)[kind].has(a.name));
    return related ? allow : deny(`no relationship found between node '${node}' and this object`);
  }

  async #readVolume(node: string, a: RequestAttributes): Promise<Decision> {
    if (a.verb !== 'get' || a.name === '') return deny('can only get individual resources of this type');
    for (const pod of [...this.#pods.values()].filter((p) => podNodeName(p) === node)) {
      for (const claim of podReferences(pod).persistentvolumeclaims) {
        const kv = await this.#store.get(keyOf(claimsType, pod.metadata?.namespace, claim));
        if (kv && (decodeObject(kv).spec as { volumeName?: string } | undefined)?.volumeName === a.name) return allow;
      }
    }
    return deny(`no relationship found between node '${node}' and this object`);
  }

  #serviceAccountToken(node: string, a: RequestAttributes): Decision {
    if (a.verb !== 'create' || a.name === '') return deny('can only create tokens for individual service accounts');
    const related = this.#podsOn(node, a.namespace).some((p) => podReferences(p).serviceaccounts.has(a.name));
    return related ? allow : deny(`no relationship found between node '${node}' and this object`);
  }
}
