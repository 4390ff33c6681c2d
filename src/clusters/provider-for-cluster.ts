// Picks the provider a cluster file names (reference with simulated: false:
// nodes in containers). kind and k3s are part of the format
// but not yet of kdrill: asking for them says so.
import type { ClusterFile } from './cluster-file.ts';
import { ClusterFileError } from './cluster-file-error.ts';
import type { ClusterProvider } from './cluster-provider.ts';
import { containerProvider } from './container-provider.ts';
import { kubeconfigProvider } from './kubeconfig-provider.ts';
import { referenceProvider, type ReferenceProviderOptions } from './reference-provider.ts';

export function providerForCluster(cluster: ClusterFile, options: ReferenceProviderOptions = {}): ClusterProvider {
  switch (cluster.spec.provider) {
    case 'reference':
      return cluster.spec.reference?.simulated === false ? containerProvider(cluster, options) : referenceProvider(cluster, options);
    case 'kubeconfig': {
      const k = cluster.spec.kubeconfig!;
      return kubeconfigProvider(k.context === undefined ? { path: k.path } : { path: k.path, context: k.context });
    }
    case 'kind':
    case 'k3s':
      throw new ClusterFileError(cluster.path, 0, 'spec.provider', `provider ${cluster.spec.provider} is not available in this kdrill yet; use reference or kubeconfig`);
  }
}
