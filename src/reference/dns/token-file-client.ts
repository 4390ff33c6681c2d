// An ApiClient that follows a rotated ServiceAccount token. The kubeconfig's
// token is read once when a client is made, but the node agent rewrites a
// projected token before it expires (after 80% of its life, as the kubelet
// does): when the file changes, later requests go through a client made anew,
// and the old one is closed, which ends its watches so that informers watch
// again (from their last resourceVersion) with the new token.
import { readFile } from 'node:fs/promises';
import type { ApiClient } from '../../kube/api-client.ts';

export interface TokenFileClientOptions {
  tokenFile: string;
  createClient(): Promise<ApiClient>;
  /** How often the file is read (default 60 s). */
  checkIntervalMs?: number;
  log?: (message: string) => void;
}

export async function tokenFileClient(options: TokenFileClientOptions): Promise<ApiClient> {
  let token = await readFile(options.tokenFile, 'utf8');
  let current = await options.createClient();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      try {
        const next = await readFile(options.tokenFile, 'utf8');
        if (next === token || !next) return;
        const replacement = await options.createClient();
        const old = current;
        current = replacement;
        token = next;
        old.close();
        options.log?.(`${options.tokenFile} changed: using the new token`);
      } catch (err) {
        options.log?.(`reading ${options.tokenFile}: ${(err as Error).message}`);
      } finally {
        checking = false;
      }
    })();
  }, options.checkIntervalMs ?? 60_000);
  timer.unref();
  return {
    get: (path) => current.get(path),
    list: (path, query) => current.list(path, query),
    create: (path, body, query) => current.create(path, body, query),
    update: (path, body, query) => current.update(path, body, query),
    patch: (path, type, body, query) => current.patch(path, type, body, query),
    getText: (path) => current.getText(path),
    delete: (path, opts) => current.delete(path, opts),
    watch: (path, query, onEvent) => current.watch(path, query, onEvent),
    close() {
      clearInterval(timer);
      current.close();
    },
  };
}
