// The query parameters of each kind of REST operation, taken from the pod
// operations of @kubernetes/client-node's CoreV1Api (pods have every operation
// the reference server offers but the node proxy), and the parameters of an
// operation do not depend on the resource. A connect operation takes the same
// parameters whatever its HTTP method: those of its GET are recorded.

import type { OperationName, QueryParameter } from '../definitions.ts';
import type { ApiOperation } from './client-node-apis.ts';

const sourceOperations: Record<OperationName, string> = {
  list: 'listNamespacedPod',
  post: 'createNamespacedPod',
  get: 'readNamespacedPod',
  put: 'replaceNamespacedPod',
  patch: 'patchNamespacedPod',
  delete: 'deleteNamespacedPod',
  deletecollection: 'deleteCollectionNamespacedPod',
  log: 'readNamespacedPodLog',
  binding: 'createNamespacedPodBinding',
  eviction: 'createNamespacedPodEviction',
  exec: 'connectGetNamespacedPodExec',
  attach: 'connectGetNamespacedPodAttach',
  portforward: 'connectGetNamespacedPodPortforward',
  proxy: 'connectGetNodeProxy',
};

const parameterTypes: Record<string, QueryParameter['type']> = { string: 'string', boolean: 'boolean', number: 'integer' };

export function operationParameters(operations: ApiOperation[]): Record<OperationName, QueryParameter[]> {
  const entries = Object.entries(sourceOperations).map(([name, method]) => {
    const operation = operations.find((o) => o.method === method && o.path.startsWith('/api/v1/'));
    if (!operation) throw new Error(`@kubernetes/client-node has no CoreV1Api.${method}`);
    const parameters = operation.queryParameters.map((p): QueryParameter => {
      const type = parameterTypes[p.type];
      if (!type) throw new Error(`${method}: parameter ${p.name} has unknown type ${p.type}`);
      return { name: p.name, in: 'query', ...(p.description ? { description: p.description } : {}), type, uniqueItems: true };
    });
    return [name, parameters.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
  });
  return Object.fromEntries(entries) as Record<OperationName, QueryParameter[]>;
}
