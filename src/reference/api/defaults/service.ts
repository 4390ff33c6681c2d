// core/v1 Services: SetDefaults_Service (type ClusterIP, no session
// affinity, TCP ports aimed at the same target port, traffic policies
// Cluster), the strategy's clusterIP -> clusterIPs normalization, and the IP
// family fields the service REST storage fills in on a single-stack IPv4
// cluster. Allocating cluster IPs and node ports is not done here.
import { isHeadless } from '../validation/service.ts';
import { arr, ensureObj, obj, objs, optStr, str, type Obj } from '../validation/object-access.ts';

const defaultAffinityTimeout = 10800;

function defaultSessionAffinity(spec: Obj): void {
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && typeof obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds !== 'number') {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultAffinityTimeout } };
  }
}

function defaultPorts(spec: Obj): void {
  for (const port of objs(spec.ports)) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
}

function defaultTrafficPolicies(spec: Obj): void {
  const type = str(spec.type);
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  if (external) spec.externalTrafficPolicy ||= 'Cluster';
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') spec.internalTrafficPolicy ??= 'Cluster';
  if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

function defaultIPFamilies(spec: Obj): void {
  if (str(spec.type) === 'ExternalName') return;
  const clusterIP = str(spec.clusterIP);
  if (clusterIP && arr(spec.clusterIPs).length === 0) spec.clusterIPs = [clusterIP];
  const ips = arr(spec.clusterIPs).map(str);
  const families = arr(spec.ipFamilies).map(str);
  const headlessWithoutSelector = isHeadless(spec) && Object.keys(obj(spec.selector)).length === 0;
  if (headlessWithoutSelector && optStr(spec.ipFamilyPolicy) === undefined && families.length === 0) spec.ipFamilyPolicy = 'RequireDualStack';
  spec.ipFamilyPolicy ??= ips.length > 1 || families.length > 1 ? 'RequireDualStack' : 'SingleStack';
  if (families.length === 0) families.push(ips[0]?.includes(':') ? 'IPv6' : 'IPv4');
  if (families.length === 1 && spec.ipFamilyPolicy !== 'SingleStack' && headlessWithoutSelector) {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  spec.ipFamilies = families;
}

export function defaultService(service: Obj): void {
  const spec = ensureObj(service, 'spec');
  defaultSessionAffinity(spec);
  spec.type ||= 'ClusterIP';
  defaultPorts(spec);
  defaultTrafficPolicies(spec);
  if (spec.type === 'LoadBalancer') {
    for (const ingress of objs(obj(obj(service.status).loadBalancer).ingress)) if (str(ingress.ip)) ingress.ipMode ??= 'VIP';
  }
  defaultIPFamilies(spec);
}

