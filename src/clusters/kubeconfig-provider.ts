// Provider "kubeconfig": an existing cluster, reached through a kubeconfig and
// optionally one of its contexts. Creating checks that the API server answers;
// deleting leaves the cluster alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createApiClient } from '../kube/https-api-client.ts';
import type { ClusterHandle, ClusterProvider } from './cluster-provider.ts';
import { ClusterUnreachableError } from './cluster-unreachable-error.ts';
import { readClusterInfo } from './read-cluster-info.ts';

export interface KubeconfigProviderOptions {
  path: string;
  context?: string;
  /** How long the first request may take before the cluster counts as unreachable (default 15000). */
  reachTimeoutMs?: number;
}

function loadKubeconfig(path: string, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (err) {
    throw new ClusterUnreachableError(`cannot read kubeconfig ${path}: ${(err as Error).message}; check the --kubeconfig path`);
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterUnreachableError(`kubeconfig ${path} has no context "${context}" (it has: ${known.join(', ') || 'none'}); pick one with --context`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new ClusterUnreachableError(`kubeconfig ${path} has no current context; pick one with --context`);
  return kc;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function kubeconfigProvider(options: KubeconfigProviderOptions): ClusterProvider {
  return {
    name: 'kubeconfig',
    async create(): Promise<ClusterHandle> {
      const kc = loadKubeconfig(options.path, options.context);
      const server = kc.getCurrentCluster()!.server;
      const contextName = kc.getCurrentContext();
      // createApiClient follows the current context, so a chosen one gets a private copy.
      let tempDir: string | undefined;
      let kubeconfigPath = options.path;
      if (options.context !== undefined) {
        tempDir = await mkdtemp(join(tmpdir(), 'kdrill-kubeconfig-'));
        kubeconfigPath = join(tempDir, 'kubeconfig');
        await writeFile(kubeconfigPath, kc.exportConfig(), { mode: 0o600 });
      }
      const removeTemp = async () => {
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
        tempDir = undefined;
      };
      const client = await createApiClient(kubeconfigPath);
      try {
        await withTimeout(client.get('/version'), options.reachTimeoutMs ?? 15_000, server);
        return {
          kubeconfigPath,
          info: async () => {
            const c = await createApiClient(kubeconfigPath);
            try {
              return await readClusterInfo(c, 'kubeconfig', contextName);
            } finally {
              c.close();
            }
          },
          delete: removeTemp,
        };
      } catch (err) {
        await removeTemp();
        throw new ClusterUnreachableError(
          `cannot reach the cluster at ${server} (kubeconfig ${options.path}, context ${contextName}): ${(err as Error).message}. ` +
            'Check that the cluster is running and the kubeconfig and context are right, or run without --kubeconfig/--cluster to use the built-in reference control plane.',
        );
      } finally {
        client.close();
      }
    },
  };
}
