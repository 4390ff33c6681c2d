// The kubelet paths the API server proxies pods/log, exec, attach and
// portforward to, and the options it refuses before calling the kubelet.
import t from 'tap';
import { containerLogsPath } from '../../../../src/reference/api/subresources/kubelet-pod-logs.ts';
import { nodeProxyTarget } from '../../../../src/reference/api/subresources/node-proxy.ts';
import { attachPath } from '../../../../src/reference/api/subresources/pod-attach.ts';
import { execPath } from '../../../../src/reference/api/subresources/pod-exec.ts';
import { portForwardPath, tunnelledSpdyProtocols } from '../../../../src/reference/api/subresources/pod-portforward.ts';
import type { IncomingMessage } from 'node:http';

const pod = { metadata: { name: 'web', namespace: 'team a' }, spec: { containers: [{ name: 'app' }, { name: 'side' }] }, status: { phase: 'Running' } };
const q = (query: string) => new URLSearchParams(query);

t.test('exec', async (t) => {
  t.equal(execPath(pod, q('container=app&command=sh&command=-c&command=echo a b&stdin=true&stdout=true&stderr=true')),
    '/exec/team%20a/web/app?input=1&output=1&error=1&command=sh&command=-c&command=echo+a+b');
  t.equal(execPath(pod, q('container=side&command=ls&stdout=1&tty=true')), '/exec/team%20a/web/side?output=1&tty=1&command=ls');
  t.throws(() => execPath(pod, q('container=app&stdout=true')), { code: 400, message: 'you must specify at least 1 command' });
  t.throws(() => execPath(pod, q('container=app&command=ls')), { code: 400, message: 'you must specify at least one of stdin, stdout, stderr' });
  t.throws(() => execPath(pod, q('command=ls&stdout=true')), { code: 400, message: /a container name must be specified for pod web, choose one of: \[app side\]/ });
  t.throws(() => execPath(pod, q('container=db&command=ls&stdout=true')), { code: 400, message: 'container db is not valid for pod web' });
  const done = { ...pod, status: { phase: 'Succeeded' } };
  t.throws(() => execPath(done, q('container=app&command=ls&stdout=true')), { code: 400, message: 'cannot exec into a container in a completed pod; current phase is Succeeded' });
});

t.test('attach and port-forward', async (t) => {
  t.equal(attachPath(pod, q('container=app&stdin=true&stdout=true&tty=true')), '/attach/team%20a/web/app?input=1&output=1&tty=1');
  t.throws(() => attachPath({ ...pod, status: { phase: 'Failed' } }, q('container=app&stdout=true')), { message: 'cannot attach to a container in a completed pod; current phase is Failed' });
  t.equal(portForwardPath(pod), '/portForward/team%20a/web');
  const offered = (value: string) => tunnelledSpdyProtocols({ headers: { 'sec-websocket-protocol': value } } as IncomingMessage);
  t.same(offered('SPDY/3.1+portforward.k8s.io, portforward.k8s.io'), ['portforward.k8s.io']);
  t.same(offered('v5.channel.k8s.io'), []);
});

t.test('container logs', async (t) => {
  t.equal(containerLogsPath(pod, { container: 'app', follow: false, previous: false, timestamps: false }), '/containerLogs/team%20a/web/app');
  t.equal(containerLogsPath(pod, {
    container: 'app', follow: true, previous: true, timestamps: true, tailLines: 0, sinceSeconds: 60, sinceTime: '2026-01-01T00:00:00Z', limitBytes: 10,
  }), '/containerLogs/team%20a/web/app?follow=true&previous=true&timestamps=true&tailLines=0&sinceSeconds=60&sinceTime=2026-01-01T00%3A00%3A00Z&limitBytes=10');
});

t.test('node proxy paths', async (t) => {
  t.same(nodeProxyTarget('/api/v1/nodes/n1/proxy'), { node: 'n1', path: '/' });
  t.same(nodeProxyTarget('/api/v1/nodes/n1/proxy/'), { node: 'n1', path: '/' });
  t.same(nodeProxyTarget('/api/v1/nodes/n1/proxy/stats/summary'), { node: 'n1', path: '/stats/summary' });
  t.equal(nodeProxyTarget('/api/v1/nodes/n1'), undefined);
  t.equal(nodeProxyTarget('/api/v1/namespaces/default/pods/p/proxy'), undefined);
});
