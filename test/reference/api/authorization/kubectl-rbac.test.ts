// Authentication and RBAC end to end with the real kubectl 1.34 and
// client-node: service account tokens from `kubectl create token`, a role
// binding to `view`, `kubectl auth can-i` and `whoami`, impersonation,
// escalation prevention, token expiry on a clock the test moves, legacy token
// Secrets and the anonymous user.
import t from 'tap';
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubectlPath } from '../../../helpers/client-tools.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';
import { credentialsOf, rawRequest } from '../fixtures/raw-https.ts';

let clockAheadMs = 0;
const cp = await startTestControlPlane(t, { controllers: {}, serviceAccountTokenClock: () => Date.now() + clockAheadMs });
const creds = credentialsOf(cp.kubeconfigText);
const dir = t.testdir();

interface Result { exitCode: number | undefined; stdout: string; stderr: string }

async function kubectl(args: string[], o: { kubeconfig?: string; input?: string } = {}): Promise<Result> {
  const r = await execa(kubectlPath(), args, {
    env: { KUBECONFIG: o.kubeconfig ?? cp.kubeconfigPath, HOME: join(dir, 'home'), NO_COLOR: '1', PATH: process.env.PATH ?? '' },
    extendEnv: false, reject: false, timeout: 120_000, ...(o.input !== undefined ? { input: o.input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function ok(args: string[]): Promise<string> {
  const r = await kubectl(args);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A kubeconfig with the cluster and only this token: what a user handed a service account token has. */
function tokenKubeconfig(name: string, token: string): string {
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(path, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: creds.server, 'certificate-authority-data': Buffer.from(creds.ca).toString('base64') } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
  }));
  return path;
}

/** A binding counts once the authorizer's watch delivers it; a fresh kubectl process is far slower, but retry rather than assume. */
async function eventually(args: string[], kubeconfig: string): Promise<Result> {
  let r: Result = { exitCode: undefined, stdout: '', stderr: '' };
  for (let attempt = 0; attempt < 20; attempt++) {
    r = await kubectl(args, { kubeconfig });
    if (r.exitCode === 0) break;
  }
  return r;
}

const robot = 'system:serviceaccount:team:robot';
await ok(['create', 'namespace', 'team']);
await ok(['create', 'serviceaccount', 'robot', '-n', 'team']);
const robotToken = await ok(['create', 'token', 'robot', '-n', 'team']);
const robotConfig = tokenKubeconfig('robot', robotToken);

t.test('a service account bound to view can list but not create', async (t) => {
  const before = await kubectl(['get', 'pods', '-n', 'team'], { kubeconfig: robotConfig });
  t.equal(before.exitCode, 1, 'nothing is granted before the binding');
  t.match(before.stderr, `Error from server (Forbidden): pods is forbidden: User "${robot}" cannot list resource "pods" in API group "" in the namespace "team"`);

  await ok(['create', 'rolebinding', 'robot-view', '--clusterrole=view', '--serviceaccount=team:robot', '-n', 'team']);
  const list = await eventually(['get', 'pods', '-n', 'team'], robotConfig);
  t.equal(list.exitCode, 0, list.stderr);
  t.equal(list.stderr.trim(), 'No resources found in team namespace.');

  const create = await kubectl(['create', 'configmap', 'c', '-n', 'team'], { kubeconfig: robotConfig });
  t.equal(create.exitCode, 1);
  t.equal(create.stderr.trim(), `error: failed to create configmap: configmaps is forbidden: User "${robot}" cannot create resource "configmaps" in API group "" in the namespace "team"`);
  const elsewhere = await kubectl(['get', 'pods', '-n', 'default'], { kubeconfig: robotConfig });
  t.match(elsewhere.stderr, `pods is forbidden: User "${robot}" cannot list resource "pods" in API group "" in the namespace "default"`);
  const secrets = await kubectl(['get', 'secrets', '-n', 'team'], { kubeconfig: robotConfig });
  t.match(secrets.stderr, 'cannot list resource "secrets"', 'view does not read secrets');

  const kc = new KubeConfig();
  kc.loadFromFile(robotConfig);
  const core = kc.makeApiClient(CoreV1Api);
  t.same((await core.listNamespacedPod({ namespace: 'team' })).items, [], 'client-node lists too');
  const refused = await core.createNamespacedConfigMap({ namespace: 'team', body: { metadata: { name: 'c' } } }).catch((e: { code?: number; body?: string }) => e);
  t.equal((refused as { code?: number }).code, 403);
  t.match(JSON.parse((refused as { body: string }).body), { kind: 'Status', reason: 'Forbidden', code: 403, details: { kind: 'configmaps' } });
});

t.test('kubectl auth can-i agrees, with --list, --as and --subresource', async (t) => {
  const can = (args: string[], kubeconfig = robotConfig) => kubectl(['auth', 'can-i', ...args], { kubeconfig });
  t.same(await can(['list', 'pods', '-n', 'team']), { exitCode: 0, stdout: 'yes', stderr: '' });
  const no = await can(['create', 'configmaps', '-n', 'team']);
  t.equal(no.exitCode, 1);
  t.equal(no.stdout, 'no');
  t.equal((await can(['get', 'pods', '--subresource=log', '-n', 'team'])).stdout, 'yes');
  t.equal((await can(['get', 'pods', '--subresource=exec', '-n', 'team'])).stdout, 'no');
  t.equal((await can(['get', 'nodes'])).stdout, 'no');

  const list = await can(['--list', '-n', 'team']);
  t.equal(list.exitCode, 0, list.stderr);
  const lines = list.stdout.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
  t.equal(lines[0], 'Resources Non-Resource URLs Resource Names Verbs');
  t.ok(lines.includes('pods [] [] [get list watch]'), `view's pods rule is listed:\n${list.stdout}`);
  t.ok(lines.includes('selfsubjectaccessreviews.authorization.k8s.io [] [] [create]'), 'system:basic-user is listed');
  t.ok(lines.includes('[/api/*] [] [get]'), 'system:discovery is listed');
  t.notOk(lines.some((l) => l.startsWith('secrets ')), 'nothing grants secrets');

  t.equal((await can(['list', 'pods', '-n', 'team', `--as=${robot}`], cp.kubeconfigPath)).stdout, 'yes', 'the admin asks as the robot');
  t.equal((await can(['delete', 'pods', '-n', 'team', `--as=${robot}`], cp.kubeconfigPath)).stdout, 'no');
  t.equal((await can(['list', 'pods', '-n', 'team', '--as=eve', '--as-group=system:masters'], cp.kubeconfigPath)).stdout, 'yes', 'groups impersonated too');
  t.equal((await can(['list', 'pods', '-n', 'team', '--as=eve'], cp.kubeconfigPath)).stdout, 'no');
  t.equal((await can(['*', '*'], cp.kubeconfigPath)).stdout, 'yes', 'the admin is in system:masters');
});

t.test('kubectl auth whoami', async (t) => {
  const me = JSON.parse(await ok(['auth', 'whoami', '-o', 'json'])) as { status: { userInfo: { username: string; groups: string[] } } };
  t.same(me.status.userInfo, { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  const r = await kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: robotConfig });
  t.equal(r.exitCode, 0, r.stderr);
  const info = (JSON.parse(r.stdout) as { kind: string; status: { userInfo: Record<string, unknown> } });
  t.equal(info.kind, 'SelfSubjectReview');
  t.match(info.status.userInfo, {
    username: robot, uid: /^[0-9a-f-]{36}$/,
    groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
    extra: { 'authentication.kubernetes.io/credential-id': [/^JTI=/] },
  });
});

t.test('tokens expire: TokenRequest honours expirationSeconds on the issuer\'s clock', async (t) => {
  const short = await ok(['create', 'token', 'robot', '-n', 'team', '--duration=10m']);
  const claims = JSON.parse(Buffer.from(short.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number; aud: string[] };
  t.equal(claims.exp - claims.iat, 600);
  t.same(claims.aud, ['https://kubernetes.default.svc.cluster.local']);
  const config = tokenKubeconfig('short', short);
  t.equal((await kubectl(['get', 'pods', '-n', 'team'], { kubeconfig: config })).exitCode, 0);
  clockAheadMs = 12 * 60_000;
  t.teardown(() => void (clockAheadMs = 0));
  const expired = await kubectl(['get', 'pods', '-n', 'team'], { kubeconfig: config });
  t.equal(expired.exitCode, 1);
  t.match(expired.stderr, 'error: You must be logged in to the server (Unauthorized)');
  clockAheadMs = 0;
  const forVault = await ok(['create', 'token', 'robot', '-n', 'team', '--audience=vault']);
  t.match((await kubectl(['get', 'pods', '-n', 'team'], { kubeconfig: tokenKubeconfig('vault', forVault) })).stderr, '(Unauthorized)', 'a token for another audience is no good here');
  const review = async (audiences: string[]) => (await rawRequest(creds, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
    body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: forVault, audiences } }),
  })).json as { status: { authenticated?: boolean } };
  t.match(await review(['vault']), { status: { authenticated: true, user: { username: robot }, audiences: ['vault'] } }, 'but TokenReview vouches for it to vault');
  t.notOk((await review([])).status.authenticated);
  const tooShort = await kubectl(['create', 'token', 'robot', '-n', 'team', '--duration=5m']);
  t.match(tooShort.stderr, 'spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes');
});

t.test('a token bound to a pod dies with the pod', async (t) => {
  await ok(['run', 'holder', '-n', 'team', '--image=nginx', '--overrides={"spec":{"serviceAccountName":"robot"}}']);
  const bound = await ok(['create', 'token', 'robot', '-n', 'team', '--bound-object-kind=Pod', '--bound-object-name=holder']);
  const claims = JSON.parse(Buffer.from(bound.split('.')[1]!, 'base64url').toString()) as { 'kubernetes.io': { pod: { name: string } } };
  t.equal(claims['kubernetes.io'].pod.name, 'holder');
  const config = tokenKubeconfig('bound', bound);
  const whoami = JSON.parse((await kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: config })).stdout) as { status: { userInfo: { extra: Record<string, string[]> } } };
  t.same(whoami.status.userInfo.extra['authentication.kubernetes.io/pod-name'], ['holder']);
  await ok(['delete', 'pod', 'holder', '-n', 'team', '--grace-period=0', '--force']);
  t.match((await kubectl(['get', 'pods', '-n', 'team'], { kubeconfig: config })).stderr, '(Unauthorized)');
  const missing = await kubectl(['create', 'token', 'robot', '-n', 'team', '--bound-object-kind=Pod', '--bound-object-name=holder']);
  t.match(missing.stderr, 'pods "holder" not found');
});

t.test('escalation: roles and bindings need the rules held, or escalate / bind', async (t) => {
  await ok(['create', 'serviceaccount', 'lead', '-n', 'team']);
  await ok(['create', 'rolebinding', 'lead-admin', '--clusterrole=admin', '--serviceaccount=team:lead', '-n', 'team']);
  const lead = tokenKubeconfig('lead', await ok(['create', 'token', 'lead', '-n', 'team']));
  const held = await eventually(['create', 'role', 'reader', '--verb=get,list', '--resource=pods,secrets', '-n', 'team'], lead);
  t.equal(held.exitCode, 0, held.stderr);
  const escalating = await kubectl(['create', 'role', 'node-reader', '--verb=get', '--resource=nodes', '-n', 'team'], { kubeconfig: lead });
  t.equal(escalating.exitCode, 1);
  t.match(escalating.stderr, 'roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "system:serviceaccount:team:lead" (groups=["system:serviceaccounts" "system:serviceaccounts:team" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}');
  const binding = await kubectl(['create', 'rolebinding', 'eve-admin', '--clusterrole=cluster-admin', '--user=eve', '-n', 'team'], { kubeconfig: lead });
  t.equal(binding.exitCode, 1);
  t.match(binding.stderr, 'rolebindings.rbac.authorization.k8s.io "eve-admin" is forbidden: user "system:serviceaccount:team:lead"');
  t.equal((await kubectl(['create', 'rolebinding', 'eve-view', '--clusterrole=view', '--user=eve', '-n', 'team'], { kubeconfig: lead })).exitCode, 0, 'binding a role whose rules are held is fine');

  await ok(['create', 'clusterrole', 'binder', '--verb=bind', '--resource=clusterroles', '--resource-name=cluster-admin']);
  await ok(['create', 'rolebinding', 'lead-binder', '--clusterrole=binder', '--serviceaccount=team:lead', '-n', 'team']);
  const withBind = await eventually(['create', 'rolebinding', 'eve-admin', '--clusterrole=cluster-admin', '--user=eve', '-n', 'team'], lead);
  t.equal(withBind.exitCode, 0, `the bind verb allows it: ${withBind.stderr}`);
});

t.test('impersonation needs the impersonate verb', async (t) => {
  const refused = await kubectl(['get', 'pods', '-n', 'team', '--as=eve'], { kubeconfig: robotConfig });
  t.equal(refused.exitCode, 1);
  t.match(refused.stderr, `users "eve" is forbidden: User "${robot}" cannot impersonate resource "users" in API group "" at the cluster scope`);
  await ok(['create', 'clusterrole', 'impersonator', '--verb=impersonate', '--resource=users', '--resource-name=eve']);
  await ok(['create', 'clusterrolebinding', 'robot-impersonator', '--clusterrole=impersonator', '--serviceaccount=team:robot']);
  const asEve = await eventually(['auth', 'whoami', '-o', 'json', '--as=eve'], robotConfig);
  t.equal(asEve.exitCode, 0, asEve.stderr);
  t.same((JSON.parse(asEve.stdout) as { status: { userInfo: unknown } }).status.userInfo, { username: 'eve', groups: ['system:authenticated'] });
  const group = await kubectl(['get', 'pods', '-n', 'team', '--as=eve', '--as-group=system:masters'], { kubeconfig: robotConfig });
  t.match(group.stderr, `groups "system:masters" is forbidden: User "${robot}" cannot impersonate resource "groups" in API group "" at the cluster scope`);
  const other = await kubectl(['get', 'pods', '-n', 'team', '--as=mallory'], { kubeconfig: robotConfig });
  t.match(other.stderr, `users "mallory" is forbidden`);
});

t.test('a legacy service-account-token Secret gets a token that authenticates until its account goes', async (t) => {
  await ok(['create', 'serviceaccount', 'legacy', '-n', 'team']);
  const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'legacy-token', namespace: 'team', annotations: { 'kubernetes.io/service-account.name': 'legacy' } } };
  const applied = await kubectl(['apply', '-f', '-'], { input: JSON.stringify(secret) });
  t.equal(applied.exitCode, 0, applied.stderr);
  const watch = await kubectl(['wait', '-n', 'team', 'secret/legacy-token', '--for=jsonpath={.data.namespace}', '--timeout=60s']);
  t.equal(watch.exitCode, 0, watch.stderr);
  const filled = JSON.parse(await ok(['get', 'secret', 'legacy-token', '-n', 'team', '-o', 'json'])) as { data: Record<string, string>; metadata: { annotations: Record<string, string> } };
  const decoded = (k: string) => Buffer.from(filled.data[k]!, 'base64').toString();
  t.equal(decoded('namespace'), 'team');
  t.equal(decoded('ca.crt'), creds.ca);
  t.match(filled.metadata.annotations['kubernetes.io/service-account.uid'], /^[0-9a-f-]{36}$/);
  const config = tokenKubeconfig('legacy', decoded('token'));
  const me = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: config });
  t.equal(me.stdout, 'system:serviceaccount:team:legacy', me.stderr);
  await ok(['delete', 'serviceaccount', 'legacy', '-n', 'team']);
  const gone = await kubectl(['wait', '-n', 'team', 'secret/legacy-token', '--for=delete', '--timeout=60s']);
  t.equal(gone.exitCode, 0, `the tokens controller deletes the secret of a deleted account: ${gone.stderr}`);
  t.match((await kubectl(['auth', 'whoami'], { kubeconfig: config })).stderr, '(Unauthorized)');
});

t.test('the anonymous user: public info only; bad credentials are 401', async (t) => {
  const version = await rawRequest(creds, 'GET', '/version', { auth: 'none' });
  t.equal(version.code, 200);
  t.equal((await rawRequest(creds, 'GET', '/readyz', { auth: 'none' })).code, 200);
  const api = await rawRequest(creds, 'GET', '/api', { auth: 'none' });
  t.equal(api.code, 403);
  t.same(api.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden: User "system:anonymous" cannot get path "/api"', reason: 'Forbidden', details: {}, code: 403 });
  const bad = await rawRequest(creds, 'GET', '/api', { auth: 'none', headers: { Authorization: 'Bearer nope' } });
  t.equal(bad.code, 401);
  await ok(['create', 'clusterrolebinding', 'anonymous-discovery', '--clusterrole=system:discovery', '--group=system:unauthenticated']);
  let granted = await rawRequest(creds, 'GET', '/api', { auth: 'none' });
  for (let attempt = 0; granted.code !== 200 && attempt < 20; attempt++) granted = await rawRequest(creds, 'GET', '/api', { auth: 'none' });
  t.equal(granted.code, 200, 'RBAC decides: a binding for system:unauthenticated opens discovery');
});

t.test('OIDC discovery is open to service accounts', async (t) => {
  const config = await rawRequest(creds, 'GET', '/.well-known/openid-configuration', { auth: 'none', headers: { Authorization: `Bearer ${robotToken}` } });
  t.equal(config.code, 200);
  t.match(config.json, { issuer: 'https://kubernetes.default.svc.cluster.local', jwks_uri: 'https://kubernetes.default.svc.cluster.local/openid/v1/jwks' });
  const jwks = await rawRequest(creds, 'GET', '/openid/v1/jwks', { auth: 'none', headers: { Authorization: `Bearer ${robotToken}` } });
  t.match(jwks.json, { keys: [{ kty: 'EC', alg: 'ES256', use: 'sig' }] });
  t.equal((await rawRequest(creds, 'GET', '/openid/v1/jwks', { auth: 'none' })).code, 403, 'not to the anonymous user');
});

t.test('default service accounts, kube-root-ca.crt and aggregated roles are kept by the controllers', async (t) => {
  await ok(['create', 'namespace', 'fresh']);
  t.equal((await kubectl(['wait', '-n', 'fresh', 'serviceaccount/default', '--for=jsonpath={.metadata.name}=default', '--timeout=60s'])).exitCode, 0);
  t.equal((await kubectl(['wait', '-n', 'fresh', 'configmap/kube-root-ca.crt', '--for=jsonpath={.data.ca\\.crt}', '--timeout=60s'])).exitCode, 0);
  t.equal(await ok(['get', 'configmap', 'kube-root-ca.crt', '-n', 'fresh', '-o', 'jsonpath={.data.ca\\.crt}']), creds.ca.trim());
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }] };
  t.equal((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(role) })).exitCode, 0);
  const aggregated = await kubectl(['wait', 'clusterrole/view', '--for=jsonpath={.rules[-1].resources[0]}=widgets', '--timeout=60s']);
  t.equal(aggregated.exitCode, 0, `view picks up the new rule: ${aggregated.stderr}`);
  const labels = JSON.parse(await ok(['get', 'clusterrole', 'view', '-o', 'json'])) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
  t.equal(labels.metadata.labels['kubernetes.io/bootstrapping'], 'rbac-defaults');
  t.equal(labels.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'], 'true');
});

t.test('the components run as their own, least-privileged identities', async (t) => {
  const component = (file: string) => join(cp.dataDir, 'components', file);
  const whoami = async (file: string) => (await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: component(file) })).stdout;
  t.equal(await whoami('controller-manager.conf'), 'system:kube-controller-manager');
  t.equal(await whoami('scheduler.conf'), 'system:kube-scheduler');
  t.equal(await whoami('simulated-nodes.conf'), 'kdrill:simulated-nodes');
  const can = async (file: string, ...args: string[]) => (await kubectl(['auth', 'can-i', ...args], { kubeconfig: component(file) })).stdout;
  t.equal(await can('scheduler.conf', 'create', 'pods', '--subresource=binding', '-n', 'team'), 'yes');
  t.equal(await can('scheduler.conf', 'create', 'deployments', '-n', 'team'), 'no');
  t.equal(await can('controller-manager.conf', 'create', 'replicasets', '-n', 'team'), 'yes');
  t.equal(await can('controller-manager.conf', 'create', 'clusterrolebindings'), 'no');
  t.equal(await can('simulated-nodes.conf', 'update', 'nodes', '--subresource=status'), 'yes');
  t.equal(await can('simulated-nodes.conf', 'get', 'secrets', '-n', 'team'), 'no');
});
