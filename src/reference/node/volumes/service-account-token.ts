// Bound service account tokens for projected volumes, from the TokenRequest
// API (serviceaccounts/NAME/token) as the kubelet's token manager gets them:
// bound to the pod, cached, and asked for again once 80% of their life has
// passed. An API server that does not serve TokenRequest gives no token.
import { ApiRequestError, type ApiClient } from '../../../kube/api-client.ts';
import type { KubeObject } from '../../api/object.ts';
import type { Pod } from '../pod-types.ts';

interface CachedToken {
  token: string;
  refreshAtMs: number;
}

export class ServiceAccountTokens {
  private readonly client: ApiClient;
  private readonly cache = new Map<string, CachedToken>();
  private readonly log: (message: string) => void;
  private unsupportedNoted = false;

  constructor(client: ApiClient, log: (message: string) => void) {
    this.client = client;
    this.log = log;
  }

  async token(pod: Pod, audience: string | undefined, expirationSeconds: number): Promise<string | undefined> {
    const m = pod.metadata ?? {};
    const account = pod.spec?.serviceAccountName || 'default';
    const key = JSON.stringify([m.uid, account, audience ?? '', expirationSeconds]);
    const cached = this.cache.get(key);
    if (cached && Date.now() < cached.refreshAtMs) return cached.token;
    const body: KubeObject = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        ...(audience ? { audiences: [audience] } : {}),
        expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: m.name, uid: m.uid },
      },
    };
    let answer: KubeObject;
    try {
      answer = await this.client.create(`/api/v1/namespaces/${m.namespace}/serviceaccounts/${account}/token`, body);
    } catch (err) {
      const missingAccount = err instanceof ApiRequestError && err.message.includes(`serviceaccounts "${account}" not found`);
      if (err instanceof ApiRequestError && (err.code === 404 || err.code === 405) && !missingAccount) {
        if (!this.unsupportedNoted) this.log('the API server does not serve TokenRequest: projected service account tokens are left out');
        this.unsupportedNoted = true;
        return undefined;
      }
      throw err;
    }
    const status = answer.status as { token?: string; expirationTimestamp?: string } | undefined;
    if (!status?.token) throw new Error(`TokenRequest for ${m.namespace}/${account} returned no token`);
    const expiresMs = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : Date.now() + expirationSeconds * 1000;
    const now = Date.now();
    this.cache.set(key, { token: status.token, refreshAtMs: now + (expiresMs - now) * 0.8 });
    return status.token;
  }

  forget(podUid: string): void {
    for (const key of this.cache.keys()) if ((JSON.parse(key) as unknown[])[0] === podUid) this.cache.delete(key);
  }
}
