import t from 'tap';
import { parseResourcePath } from '../../../src/reference/api/request-info.ts';

const cases: [string, ReturnType<typeof parseResourcePath>][] = [
  ['/api/v1/pods', { group: '', version: 'v1', namespace: undefined, resource: 'pods', name: undefined, subresource: undefined, watchPath: false }],
  ['/api/v1/namespaces/ns1/pods/p/status', { group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: 'p', subresource: 'status', watchPath: false }],
  ['/apis/apps/v1/namespaces/ns1/deployments/web/scale', { group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments', name: 'web', subresource: 'scale', watchPath: false }],
  ['/api/v1/namespaces/ns1', { group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: 'ns1', subresource: undefined, watchPath: false }],
  ['/api/v1/namespaces/ns1/finalize', { group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: 'ns1', subresource: 'finalize', watchPath: false }],
  ['/api/v1/namespaces', { group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: undefined, subresource: undefined, watchPath: false }],
  ['/api/v1/watch/namespaces/ns1/pods', { group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: undefined, subresource: undefined, watchPath: true }],
  ['/apis/apps/v1/watch/deployments', { group: 'apps', version: 'v1', namespace: undefined, resource: 'deployments', name: undefined, subresource: undefined, watchPath: true }],
  ['/api/v1/nodes/n1', { group: '', version: 'v1', namespace: undefined, resource: 'nodes', name: 'n1', subresource: undefined, watchPath: false }],
  ['/api', undefined],
  ['/apis/apps', undefined],
  ['/healthz', undefined],
  ['/api/v1/namespaces/a/pods/b/c/d', undefined],
];

for (const [path, want] of cases) {
  t.same(parseResourcePath(path), want, path);
}
