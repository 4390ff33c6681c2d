import t from 'tap';
import { defaulted, meta, type Loose } from '../validation/fixtures/objects.ts';

function svc(spec: Loose): Loose {
  return defaulted({ apiVersion: 'v1', kind: 'Service', metadata: meta('web', 'default'), spec }).spec;
}

t.test('kubectl create service clusterip web --tcp=80:8080', async (t) => {
  t.same(svc({ ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' }), {
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
    selector: { app: 'web' },
    sessionAffinity: 'None',
    type: 'ClusterIP',
  });
});

t.test('the target port defaults to the port', async (t) => {
  t.same(svc({ ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: '' }, { port: 443, targetPort: 'https' }] }).ports, [
    { port: 80, protocol: 'TCP', targetPort: 80 },
    { port: 53, protocol: 'UDP', targetPort: 53 },
    { port: 443, protocol: 'TCP', targetPort: 'https' },
  ]);
});

t.test('node ports and load balancers', async (t) => {
  t.match(svc({ type: 'NodePort', ports: [{ port: 80 }] }), { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' });
  t.match(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }), { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
  t.equal(svc({ type: 'ClusterIP', ports: [{ port: 80 }] }).externalTrafficPolicy, undefined);
  t.equal(svc({ type: 'ClusterIP', externalIPs: ['192.0.2.10'], ports: [{ port: 80 }] }).externalTrafficPolicy, 'Cluster');
  const lb = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: meta('web', 'default'), spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }, { hostname: 'lb.example.com' }] } } });
  t.same(lb.status.loadBalancer.ingress, [{ ip: '192.0.2.1', ipMode: 'VIP' }, { hostname: 'lb.example.com' }]);
});

t.test('session affinity', async (t) => {
  t.same(svc({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }).sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  t.equal(svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }] }).sessionAffinityConfig, undefined, 'dropped when affinity is None');
});

t.test('IP families and cluster IPs', async (t) => {
  t.match(svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }), { clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  t.match(svc({ clusterIP: 'fd00:10:96::a', ports: [{ port: 53 }] }), { ipFamilies: ['IPv6'] });
  t.match(svc({ clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }), { clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  t.match(svc({ clusterIP: 'None' }), { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' }, 'headless without a selector');
  const external = svc({ type: 'ExternalName', externalName: 'db.example.com' });
  t.same(external, { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
});
