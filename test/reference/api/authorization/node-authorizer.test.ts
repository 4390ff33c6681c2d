// The node authorizer against a real control plane: a kubelet's identity
// (client certificate CN system:node:NAME, O system:nodes) reads only what the
// pods bound to it use and writes only its own Node, Lease and pod statuses.
// Also the reviews a delegating component would ask: SubjectAccessReview,
// LocalSubjectAccessReview and TokenReview.
import t from 'tap';
import { join } from 'node:path';
import { issueClientCertificate, loadOrCreatePki } from '../../../../src/reference/api/pki.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';
import { credentialsOf, rawRequest, type Credentials } from '../fixtures/raw-https.ts';

const cp = await startTestControlPlane(t);
const admin = credentialsOf(cp.kubeconfigText);
const pki = await loadOrCreatePki(join(cp.dataDir, 'pki'));
const nodeCert = issueClientCertificate(pki.ca, 'system:node:n1', ['system:nodes']);
const node: Credentials = { ...admin, cert: nodeCert.cert, key: nodeCert.key };

async function as(c: Credentials, method: string, path: string, body?: unknown, contentType?: string) {
  return rawRequest(c, method, path, { ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(contentType ? { headers: { 'Content-Type': contentType } } : {}) });
}

async function create(path: string, body: unknown): Promise<void> {
  const r = await as(admin, 'POST', path, body);
  if (r.code !== 201) throw new Error(`POST ${path}: ${r.text}`);
}

await create('/api/v1/namespaces', { metadata: { name: 'work' } });
for (const name of ['n1', 'n2']) await create('/api/v1/nodes', { metadata: { name } });
for (const name of ['mine', 'theirs', 'unused']) await create('/api/v1/namespaces/work/secrets', { metadata: { name }, stringData: { k: 'v' } });
await create('/api/v1/namespaces/work/configmaps', { metadata: { name: 'settings' }, data: { k: 'v' } });
const pod = (name: string, nodeName: string, secret: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: { nodeName, volumes: [{ name: 's', secret: { secretName: secret } }], containers: [{ name: 'c', image: 'nginx', ...extra }] },
});
await create('/api/v1/namespaces/work/pods', pod('p1', 'n1', 'mine', { envFrom: [{ configMapRef: { name: 'settings' } }] }));
await create('/api/v1/namespaces/work/pods', pod('p2', 'n2', 'theirs'));

const noRelationship = "no relationship found between node 'n1' and this object";

t.test('a node reads the secrets and config maps of its own pods only', async (t) => {
  t.equal((await as(node, 'GET', '/api/v1/namespaces/work/secrets/mine')).code, 200);
  t.equal((await as(node, 'GET', '/api/v1/namespaces/work/configmaps/settings')).code, 200);
  const theirs = await as(node, 'GET', '/api/v1/namespaces/work/secrets/theirs');
  t.equal(theirs.code, 403);
  t.match(theirs.json, {
    reason: 'Forbidden',
    message: `secrets "theirs" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "work": ${noRelationship}`,
    details: { name: 'theirs', kind: 'secrets' },
  });
  t.equal((await as(node, 'GET', '/api/v1/namespaces/work/secrets/unused')).code, 403);
  const list = await as(node, 'GET', '/api/v1/namespaces/work/secrets');
  t.match(list.json, { message: 'secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "work": can only get individual resources of this type' });
  t.equal((await as(node, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1')).code, 200, 'pods are readable through the system:node rules');
});

t.test('a node writes its own Node, Lease and pod statuses only', async (t) => {
  const patch = { metadata: { labels: { touched: 'yes' } } };
  t.equal((await as(node, 'PATCH', '/api/v1/nodes/n1/status', patch, 'application/merge-patch+json')).code, 200);
  const other = await as(node, 'PATCH', '/api/v1/nodes/n2/status', patch, 'application/merge-patch+json');
  t.equal(other.code, 403);
  t.match(other.json, { message: 'nodes "n2" is forbidden: User "system:node:n1" cannot patch resource "nodes/status" in API group "" at the cluster scope: node "n1" is not allowed to modify node "n2"' });
  const lease = (name: string) => ({ metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } });
  t.equal((await as(node, 'POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease('n1'))).code, 201);
  t.equal((await as(admin, 'POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease('n2'))).code, 201);
  const theirLease = await as(node, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n2');
  t.match(theirLease.json, { code: 403, message: /can only access node lease with the same name as the requesting node$/ });
  const status = { status: { phase: 'Running' } };
  t.equal((await as(node, 'PATCH', '/api/v1/namespaces/work/pods/p1/status', status, 'application/merge-patch+json')).code, 200);
  t.equal((await as(node, 'PATCH', '/api/v1/namespaces/work/pods/p2/status', status, 'application/merge-patch+json')).code, 403);
  t.equal((await as(node, 'DELETE', '/api/v1/namespaces/work')).code, 403, 'nothing beyond the node rules');
});

t.test('SubjectAccessReview, LocalSubjectAccessReview and TokenReview', async (t) => {
  const sar = await as(admin, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
    spec: { user: 'system:node:n1', groups: ['system:nodes'], resourceAttributes: { verb: 'get', resource: 'secrets', namespace: 'work', name: 'theirs' } },
  });
  t.equal(sar.code, 201);
  t.match(sar.json, { kind: 'SubjectAccessReview', status: { allowed: false, reason: noRelationship } });
  const scheduler = await as(admin, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'system:kube-scheduler', resourceAttributes: { verb: 'list', resource: 'nodes' } },
  });
  t.match(scheduler.json, { status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"' } });
  const masters = await as(admin, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'x', groups: ['system:masters'], nonResourceAttributes: { verb: 'get', path: '/metrics' } },
  });
  t.match(masters.json, { status: { allowed: true } });
  const invalid = await as(admin, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
  });
  t.match(invalid.json, { code: 422, message: 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified' });
  const local = await as(admin, 'POST', '/apis/authorization.k8s.io/v1/namespaces/work/localsubjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'bob', resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'other' } },
  });
  t.match(local.json, { code: 422, message: /spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace$/ });

  const bad = await as(admin, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'nope' } });
  t.equal(bad.code, 201);
  t.match(bad.json, { status: { user: {}, error: String } });
  t.notOk((bad.json as { status: { authenticated?: boolean } }).status.authenticated);
  const good = await as(admin, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: admin.token } });
  t.match(good.json, { status: { authenticated: true, user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } } });
});
