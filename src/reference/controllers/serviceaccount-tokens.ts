// The legacy tokens controller (pkg/controller/serviceaccount/tokens_controller.go):
// a Secret of type kubernetes.io/service-account-token naming a service
// account in its kubernetes.io/service-account.name annotation gets the
// account's token, the cluster CA and the namespace filled in; one naming an
// account that does not exist (or no longer has the recorded uid) is deleted.
import { ApiRequestError } from '../../kube/api-client.ts';
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { ServiceAccountIssuer } from '../api/serviceaccount/issuer.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

export const serviceAccountTokenType = 'kubernetes.io/service-account-token';
export const serviceAccountNameAnnotation = 'kubernetes.io/service-account.name';
export const serviceAccountUidAnnotation = 'kubernetes.io/service-account.uid';

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

export async function startServiceAccountTokensController(ctx: ControllerContext, o: { issuer: ServiceAccountIssuer; rootCA: string }): Promise<Controller> {
  const secrets = ctx.informers.for('/api/v1/secrets');
  const accounts = ctx.informers.for('/api/v1/serviceaccounts');
  const queue = createWorkQueue({ log: ctx.log });
  let stopped = false;
  const add = (s: KubeObject) => !stopped && (s as { type?: string }).type === serviceAccountTokenType && queue.add(objectKey(s));
  secrets.on({ add, update: (_o, s) => add(s) });
  // A token secret whose account goes must go too.
  accounts.on({ delete: (sa) => secrets.list(sa.metadata?.namespace).forEach(add) });
  await Promise.all([secrets.synced(), accounts.synced()]);

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const secret = secrets.get(namespace, name);
    if (!secret || secret.metadata?.deletionTimestamp) return;
    const annotations = secret.metadata?.annotations ?? {};
    const account = accounts.get(namespace, annotations[serviceAccountNameAnnotation] ?? '');
    const path = `/api/v1/namespaces/${namespace}/secrets/${name}`;
    const recordedUid = annotations[serviceAccountUidAnnotation];
    try {
      if (!account || (recordedUid && recordedUid !== account.metadata?.uid)) {
        await ctx.client.delete(path, { preconditions: { uid: secret.metadata?.uid } });
        return;
      }
      const data = (secret.data ?? {}) as Record<string, string>;
      if (data.token && data['ca.crt'] && data.namespace && recordedUid) return;
      const token = data.token ? Buffer.from(data.token, 'base64').toString() : o.issuer.issueLegacy(namespace!, { name: account.metadata!.name!, uid: account.metadata!.uid! }, name);
      await ctx.client.update(path, {
        ...secret,
        metadata: { ...secret.metadata, annotations: { ...annotations, [serviceAccountUidAnnotation]: account.metadata!.uid! } },
        data: { ...data, token: base64(token), 'ca.crt': base64(o.rootCA), namespace: base64(namespace!) },
      });
    } catch (err) {
      if (err instanceof ApiRequestError && (err.code === 404 || err.code === 409)) return;
      throw err;
    }
  }

  queue.run(1, sync);
  return {
    async stop() {
      stopped = true;
      await queue.stop();
    },
  };
}
