import t from 'tap';
import { serviceEnv, servicesForPod, type Service } from '../../../src/reference/node/service-env.ts';

const svc = (namespace: string, name: string, clusterIP: string, ports: Service['spec'] extends infer S ? (S extends { ports?: infer P } ? P : never) : never): Service => ({
  metadata: { namespace, name },
  spec: { clusterIP, ports },
});

t.test('service variables as pkg/kubelet/envvars makes them', async (t) => {
  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
    svc('app', 'redis-primary', '10.96.4.2', [{ port: 6379 }, { name: 'metrics-port', port: 9121, protocol: 'TCP' }]),
    svc('app', 'headless', 'None', [{ port: 80 }]),
    svc('other', 'elsewhere', '10.96.9.9', [{ port: 80 }]),
  ];
  const env = serviceEnv(servicesForPod(services, 'app', true));
  t.same(Object.fromEntries(env), {
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443',
    KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    REDIS_PRIMARY_SERVICE_HOST: '10.96.4.2',
    REDIS_PRIMARY_SERVICE_PORT: '6379',
    REDIS_PRIMARY_SERVICE_PORT_METRICS_PORT: '9121',
    REDIS_PRIMARY_PORT: 'tcp://10.96.4.2:6379',
    REDIS_PRIMARY_PORT_6379_TCP: 'tcp://10.96.4.2:6379',
    REDIS_PRIMARY_PORT_6379_TCP_PROTO: 'tcp',
    REDIS_PRIMARY_PORT_6379_TCP_PORT: '6379',
    REDIS_PRIMARY_PORT_6379_TCP_ADDR: '10.96.4.2',
    REDIS_PRIMARY_PORT_9121_TCP: 'tcp://10.96.4.2:9121',
    REDIS_PRIMARY_PORT_9121_TCP_PROTO: 'tcp',
    REDIS_PRIMARY_PORT_9121_TCP_PORT: '9121',
    REDIS_PRIMARY_PORT_9121_TCP_ADDR: '10.96.4.2',
  });
  const noLinks = serviceEnv(servicesForPod(services, 'app', false));
  t.same([...noLinks.keys()].filter((k) => !k.startsWith('KUBERNETES_')), [], 'enableServiceLinks false: only the kubernetes Service');
  t.ok(noLinks.has('KUBERNETES_SERVICE_HOST'));
});
