// Authenticates service account tokens as kube-apiserver's
// serviceaccount.JWTTokenAuthenticator does: a valid signature and claims,
// then the objects the token names must still exist with the same uid (the
// service account, and the pod or secret it is bound to); a legacy token must
// still be the token of its Secret.
import type { Store } from '../../store/store.ts';
import type { TokenAuthenticator, UserInfo } from '../authn.ts';
import type { KubeObject } from '../object.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { decodeObject, keyOf } from '../storage-keys.ts';
import type { ObjectRef, ServiceAccountIssuer, TokenIdentity } from './issuer.ts';

const coreType = (plural: string): ResourceType => resourceTypes.find((t) => t.group === '' && t.plural === plural)!;
const types = { serviceaccounts: coreType('serviceaccounts'), pods: coreType('pods'), secrets: coreType('secrets'), nodes: coreType('nodes') };

export function serviceAccountUser(namespace: string, name: string, uid: string, extra?: Record<string, string[]>): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
    ...(extra && Object.keys(extra).length ? { extra } : {}),
  };
}

export function serviceAccountTokenAuthenticator(issuer: ServiceAccountIssuer, store: Store): TokenAuthenticator {
  async function current(t: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await store.get(keyOf(t, namespace, name));
    return kv ? decodeObject(kv) : undefined;
  }
  async function sameObject(t: ResourceType, namespace: string | undefined, ref: ObjectRef | undefined): Promise<boolean> {
    if (!ref) return true;
    const obj = await current(t, namespace, ref.name);
    return obj !== undefined && obj.metadata?.deletionTimestamp === undefined && (ref.uid === '' || obj.metadata?.uid === ref.uid);
  }
  async function stillValid(id: TokenIdentity, token: string): Promise<boolean> {
    if (!(await sameObject(types.serviceaccounts, id.namespace, id.serviceAccount))) return false;
    if (id.legacy) {
      const secret = await current(types.secrets, id.namespace, id.secret!.name);
      const stored = (secret?.data as Record<string, string> | undefined)?.token;
      return stored !== undefined && Buffer.from(stored, 'base64').toString() === token;
    }
    return (await sameObject(types.pods, id.namespace, id.pod)) &&
      (await sameObject(types.secrets, id.namespace, id.secret)) &&
      (await sameObject(types.nodes, undefined, id.node));
  }
  return async (token, audiences) => {
    const id = issuer.verify(token, audiences);
    if (!id || !(await stillValid(id, token))) return undefined;
    const extra: Record<string, string[]> = {};
    if (id.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [id.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [id.pod.uid];
    }
    if (id.node) {
      extra['authentication.kubernetes.io/node-name'] = [id.node.name];
      extra['authentication.kubernetes.io/node-uid'] = [id.node.uid];
    }
    if (id.id) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${id.id}`];
    return serviceAccountUser(id.namespace, id.serviceAccount.name, id.serviceAccount.uid, extra);
  };
}
