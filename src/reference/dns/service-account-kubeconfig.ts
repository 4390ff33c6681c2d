// A kubeconfig for a program running in a pod under its ServiceAccount, as
// client-go's rest.InClusterConfig builds one: the projected token and CA the
// node agent mounts at /var/run/secrets/kubernetes.io/serviceaccount, and the
// API server from KUBERNETES_SERVICE_HOST/PORT unless given.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

export function inClusterServer(env: NodeJS.ProcessEnv): string | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Writes the kubeconfig into dir and returns its path. */
export async function writeServiceAccountKubeconfig(dir: string, server: string, accountDir = serviceAccountDir): Promise<string> {
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'in-cluster', cluster: { server, 'certificate-authority': join(accountDir, 'ca.crt') } }],
    // client-node reads the token file itself (its "tokenFile" auth provider), as loadFromCluster sets it up.
    users: [{ name: 'service-account', user: { 'auth-provider': { name: 'tokenFile', config: { tokenFile: join(accountDir, 'token') } } } }],
    contexts: [{ name: 'in-cluster', context: { cluster: 'in-cluster', user: 'service-account' } }],
    'current-context': 'in-cluster',
  };
  const path = join(dir, 'kubeconfig');
  await writeFile(path, stringify(kubeconfig), { mode: 0o600 });
  return path;
}
