// pods/exec, pods/attach, pods/portforward and nodes/proxy as kube-apiserver
// lists them: subresources in discovery that RBAC grants and refuses like any
// other, with the real kubectl; a plain (not upgraded) request to a stream is
// refused as upstream's proxy refuses it; a node that publishes kubelet port 0
// (as simulated nodes do) serves none of them.
import { join } from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { kubectlPath } from '../../../helpers/client-tools.ts';
import { startTestControlPlane } from '../fixtures/control-plane.ts';
import { credentialsOf, rawRequest } from '../fixtures/raw-https.ts';

const cp = await startTestControlPlane(t);
const creds = credentialsOf(cp.kubeconfigText);
const home = join(t.testdir(), 'home');

async function kubectl(args: string[], input?: string) {
  const r = await execa(kubectlPath(), args, {
    env: { KUBECONFIG: cp.kubeconfigPath, HOME: home, NO_COLOR: '1', PATH: process.env.PATH ?? '' },
    extendEnv: false, reject: false, timeout: 60_000, ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout).trim(), stderr: String(r.stderr).trim() };
}

const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'busybox:1.35' }] } });
t.equal((await kubectl(['apply', '-f', '-'], pod)).exitCode, 0);

t.test('discovery lists the connect subresources with their kinds and verbs', async (t) => {
  const list = JSON.parse((await kubectl(['get', '--raw', '/api/v1'])).stdout) as { resources: { name: string; kind: string; verbs: string[]; namespaced: boolean }[] };
  const entry = (name: string) => list.resources.find((r) => r.name === name);
  t.match(entry('pods/exec'), { kind: 'PodExecOptions', namespaced: true, verbs: ['create', 'get'] });
  t.match(entry('pods/attach'), { kind: 'PodAttachOptions', namespaced: true, verbs: ['create', 'get'] });
  t.match(entry('pods/portforward'), { kind: 'PodPortForwardOptions', namespaced: true, verbs: ['create', 'get'] });
  t.match(entry('nodes/proxy'), { kind: 'NodeProxyOptions', namespaced: false, verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  t.notOk(entry('pods/proxy'), 'pods/proxy is not served');
});

t.test('RBAC grants and refuses pods/exec as a subresource', async (t) => {
  t.same(await kubectl(['auth', 'can-i', 'create', 'pods', '--subresource=exec']), { exitCode: 0, stdout: 'yes', stderr: '' }, 'the admin may');
  t.equal((await kubectl(['auth', 'can-i', 'get', 'nodes', '--subresource=proxy'])).stdout, 'yes');
  const can = async (args: string[]) => (await kubectl(['auth', 'can-i', ...args, '--as=alice'])).stdout;
  /** A binding counts once the authorizer's watch delivers it. */
  const eventually = async (args: string[]) => {
    let answer = '';
    for (let attempt = 0; attempt < 20 && answer !== 'yes'; attempt++) answer = await can(args);
    return answer;
  };

  t.equal((await kubectl(['create', 'role', 'read-pods', '--verb=get', '--resource=pods'])).exitCode, 0);
  t.equal((await kubectl(['create', 'rolebinding', 'alice-read', '--role=read-pods', '--user=alice'])).exitCode, 0);
  t.equal(await eventually(['get', 'pods']), 'yes');
  t.equal(await can(['create', 'pods', '--subresource=exec']), 'no', 'reading pods grants no exec');
  const refused = await kubectl(['exec', 'web', '--as=alice', '--', 'true']);
  t.not(refused.exitCode, 0);
  t.match(refused.stderr, 'pods "web" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "default"');

  t.equal((await kubectl(['create', 'role', 'exec', '--verb=create', '--resource=pods/exec'])).exitCode, 0);
  t.equal((await kubectl(['create', 'rolebinding', 'alice-exec', '--role=exec', '--user=alice'])).exitCode, 0);
  t.equal(await eventually(['create', 'pods', '--subresource=exec']), 'yes', 'bound to a role with pods/exec');
  t.equal(await can(['create', 'pods', '--subresource=attach']), 'no', 'pods/exec grants no other subresource');
  t.equal(await can(['create', 'pods']), 'no', 'nor creating pods');
});

t.test('a request that is not upgraded is refused', async (t) => {
  for (const sub of ['exec', 'attach', 'portforward']) {
    for (const method of ['GET', 'POST']) {
      const r = await rawRequest(creds, method, `/api/v1/namespaces/default/pods/web/${sub}?command=true&stdout=true`);
      t.equal(r.code, 400, `${method} ${sub}`);
      t.match(r.json, { kind: 'Status', reason: 'BadRequest', message: 'Upgrade request required' });
    }
  }
  t.equal((await rawRequest(creds, 'PUT', '/api/v1/namespaces/default/pods/web/exec', { body: '{}' })).code, 405, 'exec takes no PUT');
  t.match((await rawRequest(creds, 'GET', '/api/v1/namespaces/default/pods/absent/exec')).json, { reason: 'NotFound', message: 'pods "absent" not found' }, 'the pod is looked up first');
});

t.test('a node publishing kubelet port 0 serves no kubelet API', async (t) => {
  const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } });
  t.equal((await kubectl(['apply', '-f', '-'], node)).exitCode, 0);
  const status = { status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 0 } } } };
  t.equal((await kubectl(['patch', 'node', 'node-a', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)])).exitCode, 0);
  const proxied = await rawRequest(creds, 'GET', '/api/v1/nodes/node-a/proxy/pods');
  t.equal(proxied.code, 503);
  t.match(proxied.json, { message: 'no kubelet endpoint for node "node-a"' });
  const exec = await kubectl(['exec', 'web', '--', 'true']);
  t.not(exec.exitCode, 0);
  t.match(exec.stderr, 'node "node-a" does not serve the kubelet API (no address or kubelet port)');
});
