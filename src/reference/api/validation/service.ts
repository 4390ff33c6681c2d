// core/v1 Services (ValidateService): ports, type, session affinity, cluster
// IPs and families, external and internal traffic policy; on update the
// cluster IPs and IP families that were set stay.
import { goJson, PrintedValue } from './bad-value.ts';
import { child, index, key } from './field-path.ts';
import { cidrErrors, ipErrors, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from './formats.ts';
import { validateLabels } from './labels.ts';
import { arr, isObj, num, obj, objs, optNum, optStr, semanticEqual, str, strMap, type Obj } from './object-access.ts';
import { validatePortNumOrName } from './probes.ts';
import { duplicate, forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';
import { validateNonSpecialIP } from './special-ips.ts';

const protocols = ['SCTP', 'TCP', 'UDP'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const maxAffinitySeconds = 86400;
const topologyModeAnnotation = 'service.kubernetes.io/topology-mode';
const topologyHintsAnnotation = 'service.kubernetes.io/topology-aware-hints';

function clusterIPs(spec: Obj): string[] {
  return arr(spec.clusterIPs).map(str);
}

export function isHeadless(spec: Obj): boolean {
  const ips = clusterIPs(spec);
  return ips.length === 1 && ips[0] === 'None';
}

function externallyAccessible(spec: Obj): boolean {
  const type = str(spec.type);
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
}

/** A ServicePort as upstream prints the internal struct in a duplicate-port error. */
function goServicePortKey(protocol: string, port: number): PrintedValue {
  return new PrintedValue(`{"Name":"","Protocol":${goJson(protocol)},"AppProtocol":null,"Port":${port},"TargetPort":0,"NodePort":0}`);
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = str(sp.name);
  if (requireName && !name) causes.push(required(child(path, 'name')));
  else if (name) {
    causes.push(...isDNS1123Label(name).map((msg) => invalid(child(path, 'name'), name, msg)));
    if (names.has(name)) causes.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const port = num(sp.port);
  causes.push(...isValidPortNum(port).map((msg) => invalid(child(path, 'port'), port, msg)));
  const protocol = str(sp.protocol);
  if (!protocol) causes.push(required(child(path, 'protocol')));
  else if (!protocols.includes(protocol)) causes.push(notSupported(child(path, 'protocol'), protocol, protocols));
  causes.push(...validatePortNumOrName(sp.targetPort, child(path, 'targetPort')));
  const appProtocol = optStr(sp.appProtocol);
  if (appProtocol !== undefined) causes.push(...isQualifiedName(appProtocol).map((msg) => invalid(child(path, 'appProtocol'), appProtocol, msg)));
  return causes;
}

function validateClusterIPs(spec: Obj): StatusCause[] {
  if (str(spec.type) === 'ExternalName') return [];
  const causes: StatusCause[] = [];
  const ips = clusterIPs(spec);
  const ipsPath = child('spec', 'clusterIPs');
  const clusterIP = str(spec.clusterIP);
  if (clusterIP) {
    if (ips.length === 0) causes.push(required(ipsPath));
    else if (ips[0] !== clusterIP) causes.push(invalid(ipsPath, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    causes.push(invalid(ipsPath, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const families = arr(spec.ipFamilies).map(str);
  const seen = new Set<string>();
  families.forEach((family, i) => {
    const p = index(child('spec', 'ipFamilies'), i);
    if (family !== 'IPv4' && family !== 'IPv6') causes.push(notSupported(p, family, ['IPv4', 'IPv6']));
    if (seen.has(family)) causes.push(duplicate(p, family));
    seen.add(family);
  });
  const policy = optStr(spec.ipFamilyPolicy);
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && !policies.includes(policy)) causes.push(notSupported(child('spec', 'ipFamilyPolicy'), policy, policies));
  let invalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true;
        causes.push(invalid(ipsPath, ips, '\'None\' must be the first and only value'));
      }
      return;
    }
    const errs = ipErrors(ip).map((msg) => invalid(index(ipsPath, i), ip, msg));
    if (errs.length) invalidIPs = true;
    causes.push(...errs);
  });
  if (ips.length > 2) causes.push(invalid(ipsPath, ips, 'may only hold up to 2 values'));
  if (invalidIPs) return causes;
  if (ips.length > 1 && ips[0]?.includes(':') === ips[1]?.includes(':')) causes.push(invalid(ipsPath, ips, 'may specify no more than one IP for each IP family'));
  if (!isHeadless(spec)) {
    ips.forEach((ip, i) => {
      const family = families[i];
      if (family === 'IPv4' && ip.includes(':')) causes.push(invalid(index(ipsPath, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (family === 'IPv6' && !ip.includes(':')) causes.push(invalid(index(ipsPath, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return causes;
}

function validateSessionAffinity(spec: Obj): StatusCause[] {
  const affinity = str(spec.sessionAffinity);
  const path = child('spec', 'sessionAffinity');
  const configPath = child('spec', 'sessionAffinityConfig');
  if (!affinity) return [required(path)];
  if (affinity !== 'ClientIP' && affinity !== 'None') return [notSupported(path, affinity, ['ClientIP', 'None'])];
  if (affinity === 'None') return isObj(spec.sessionAffinityConfig) ? [forbidden(configPath, 'must not be set when session affinity is None')] : [];
  const detail = 'when session affinity type is ClientIP';
  if (!isObj(spec.sessionAffinityConfig)) return [required(configPath, detail)];
  const clientIP = spec.sessionAffinityConfig.clientIP;
  if (!isObj(clientIP)) return [required(child(configPath, 'clientIP'), detail)];
  const timeout = optNum(clientIP.timeoutSeconds);
  const timeoutPath = child(configPath, 'clientIP', 'timeoutSeconds');
  if (timeout === undefined) return [required(timeoutPath, detail)];
  return timeout <= 0 || timeout > maxAffinitySeconds ? [invalid(timeoutPath, timeout, `must be greater than 0 and less than ${maxAffinitySeconds}`)] : [];
}

function validateTrafficPolicies(spec: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const etp = str(spec.externalTrafficPolicy);
  const etpPath = child('spec', 'externalTrafficPolicy');
  if (!externallyAccessible(spec)) {
    if (etp) causes.push(invalid(etpPath, etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    causes.push(required(etpPath));
  } else if (etp !== 'Cluster' && etp !== 'Local') {
    causes.push(notSupported(etpPath, etp, ['Cluster', 'Local']));
  }
  const healthCheck = num(spec.healthCheckNodePort);
  const hcPath = child('spec', 'healthCheckNodePort');
  if (!(str(spec.type) === 'LoadBalancer' && etp === 'Local')) {
    if (healthCheck !== 0) causes.push(invalid(hcPath, healthCheck, 'may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\''));
  } else if (healthCheck === 0) {
    causes.push(required(hcPath));
  } else {
    causes.push(...isValidPortNum(healthCheck).map((msg) => invalid(hcPath, healthCheck, msg)));
  }
  const itp = optStr(spec.internalTrafficPolicy);
  const itpPath = child('spec', 'internalTrafficPolicy');
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(spec.type))) causes.push(required(itpPath));
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') causes.push(notSupported(itpPath, itp, ['Cluster', 'Local']));
  const distribution = optStr(spec.trafficDistribution);
  const distributions = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
  if (distribution !== undefined && !distributions.includes(distribution)) {
    causes.push(notSupported(child('spec', 'trafficDistribution'), distribution, distributions));
  }
  return causes;
}

export function validateServiceSpec(service: Obj): StatusCause[] {
  const spec = obj(service.spec);
  const type = str(spec.type);
  const headless = isHeadless(spec);
  const causes: StatusCause[] = [];
  const annotations = strMap(obj(service.metadata).annotations);
  const mode = annotations[topologyModeAnnotation];
  const hints = annotations[topologyHintsAnnotation];
  if (mode !== undefined && hints !== undefined && mode !== hints) {
    causes.push(invalid(key(child('metadata', 'annotations'), topologyModeAnnotation), mode, `must match annotations[${topologyHintsAnnotation}] when both are specified`));
  }
  const ports = objs(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') causes.push(required(child('spec', 'ports')));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    causes.push(invalid(index(child('spec', 'clusterIPs'), 0), 'None', `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (clusterIPs(spec).length) causes.push(forbidden(child('spec', 'clusterIPs'), 'may not be set for ExternalName services'));
    if (arr(spec.ipFamilies).length) causes.push(forbidden(child('spec', 'ipFamilies'), 'may not be set for ExternalName services'));
    if (optStr(spec.ipFamilyPolicy) !== undefined) causes.push(forbidden(child('spec', 'ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) causes.push(...isDNS1123Subdomain(cname).map((msg) => invalid(child('spec', 'externalName'), cname, msg)));
    else causes.push(required(child('spec', 'externalName')));
  }
  const names = new Set<string>();
  ports.forEach((sp, i) => causes.push(...validateServicePort(sp, ports.length > 1, names, index(child('spec', 'ports'), i))));
  if (isObj(spec.selector)) causes.push(...validateLabels(spec.selector, child('spec', 'selector')));
  causes.push(...validateSessionAffinity(spec));
  causes.push(...validateClusterIPs(spec));
  arr(spec.externalIPs).map(str).forEach((ip, i) => {
    const p = index(child('spec', 'externalIPs'), i);
    const errs = ipErrors(ip).map((msg) => invalid(p, ip, msg));
    causes.push(...(errs.length ? errs : validateNonSpecialIP(ip, p)));
  });
  if (!type) causes.push(required(child('spec', 'type')));
  else if (!serviceTypes.includes(type)) causes.push(notSupported(child('spec', 'type'), type, serviceTypes));
  if (type === 'ClusterIP') {
    ports.forEach((sp, i) => {
      if (num(sp.nodePort) !== 0) causes.push(forbidden(child(index(child('spec', 'ports'), i), 'nodePort'), 'may not be used when `type` is \'ClusterIP\''));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((sp, i) => {
    const nodePort = num(sp.nodePort);
    if (nodePort === 0) return;
    const claim = `${str(sp.protocol)}/${nodePort}`;
    if (nodePorts.has(claim)) causes.push(duplicate(child(index(child('spec', 'ports'), i), 'nodePort'), nodePort));
    nodePorts.add(claim);
  });
  const servicePorts = new Set<string>();
  ports.forEach((sp, i) => {
    const claim = `${str(sp.protocol)}/${num(sp.port)}`;
    if (servicePorts.has(claim)) causes.push(duplicate(index(child('spec', 'ports'), i), goServicePortKey(str(sp.protocol), num(sp.port))));
    servicePorts.add(claim);
  });
  const sourceRanges = arr(spec.loadBalancerSourceRanges).map(str);
  if (sourceRanges.length) {
    const p = child('spec', 'LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer') causes.push(forbidden(p, 'may only be used when `type` is \'LoadBalancer\''));
    sourceRanges.forEach((range, i) => causes.push(...cidrErrors(range.trim()).map((msg) => invalid(index(p, i), range.trim(), msg))));
  }
  const allocate = spec.allocateLoadBalancerNodePorts;
  if (typeof allocate === 'boolean' && type !== 'LoadBalancer') {
    causes.push(forbidden(child('spec', 'allocateLoadBalancerNodePorts'), 'may only be used when `type` is \'LoadBalancer\''));
  }
  if (type === 'LoadBalancer' && typeof allocate !== 'boolean') causes.push(required('allocateLoadBalancerNodePorts'));
  const lbClass = optStr(spec.loadBalancerClass);
  if (lbClass !== undefined) {
    if (type === 'LoadBalancer') causes.push(...isQualifiedName(lbClass).map((msg) => invalid(child('spec', 'loadBalancerClass'), lbClass, msg)));
    else causes.push(forbidden(child('spec', 'loadBalancerClass'), 'may only be used when `type` is \'LoadBalancer\''));
  }
  causes.push(...validateTrafficPolicies(spec));
  return causes;
}

function validateClusterIPsUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  if (str(spec.type) === 'ExternalName' || str(oldSpec.type) === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const ips = clusterIPs(spec);
  const oldIPs = clusterIPs(oldSpec);
  const first = index(child('spec', 'clusterIPs'), 0);
  const causes: StatusCause[] = [];
  if (ips.length === oldIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) causes.push(invalid(index(child('spec', 'clusterIPs'), i), ips, 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) causes.push(invalid(first, ips, 'primary clusterIP can not be unset'));
    if (oldIPs.length && ips.length && ips[0] !== oldIPs[0]) causes.push(invalid(first, ips, 'may not change once set'));
    if (ips.length === 1 && optStr(spec.ipFamilyPolicy) !== 'SingleStack') {
      causes.push(invalid(child('spec', 'ipFamilyPolicy'), optStr(spec.ipFamilyPolicy) ?? null, 'must be set to \'SingleStack\' when releasing the secondary clusterIP'));
    }
  } else if (oldIPs.length && ips[0] !== oldIPs[0]) {
    causes.push(invalid(first, ips, 'may not change once set'));
  }
  return causes;
}

function validateIPFamiliesUpdate(spec: Obj, oldSpec: Obj): StatusCause[] {
  if (str(spec.type) === 'ExternalName' || str(oldSpec.type) === 'ExternalName') return [];
  if (isHeadless(spec) || isHeadless(oldSpec)) return [];
  const families = arr(spec.ipFamilies).map(str);
  const oldFamilies = arr(oldSpec.ipFamilies).map(str);
  const first = index(child('spec', 'ipFamilies'), 0);
  if (families.length === oldFamilies.length) {
    return oldFamilies.some((f, i) => f !== families[i]) ? [invalid(first, families, 'may not change once set')] : [];
  }
  if (families.length && oldFamilies.length && families[0] !== oldFamilies[0]) return [invalid(first, clusterIPs(spec), 'may not change once set')];
  if (oldFamilies.length > families.length && families.length === 1 && optStr(spec.ipFamilyPolicy) !== 'SingleStack') {
    return [invalid(child('spec', 'ipFamilyPolicy'), optStr(spec.ipFamilyPolicy) ?? null, 'must be set to \'SingleStack\' when releasing the secondary ipFamily')];
  }
  return [];
}

export function validateServiceUpdate(service: Obj, old: Obj): StatusCause[] {
  const spec = obj(service.spec);
  const oldSpec = obj(old.spec);
  const causes = [...validateClusterIPsUpdate(spec, oldSpec), ...validateIPFamiliesUpdate(spec, oldSpec)];
  if (str(spec.type) === 'LoadBalancer' && str(oldSpec.type) === 'LoadBalancer' && !semanticEqual(spec.loadBalancerClass, oldSpec.loadBalancerClass)) {
    causes.push(invalid(child('spec', 'loadBalancerClass'), spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  const needsHealthCheck = (s: Obj) => str(s.type) === 'LoadBalancer' && str(s.externalTrafficPolicy) === 'Local';
  if (needsHealthCheck(spec) && needsHealthCheck(oldSpec) && num(spec.healthCheckNodePort) !== num(oldSpec.healthCheckNodePort)) {
    causes.push(forbidden(child('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  return [...causes, ...validateServiceSpec(service)];
}
