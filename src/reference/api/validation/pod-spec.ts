// A PodSpec, in a Pod or in a workload's pod template (ValidatePodSpec).
import { validateContainers, validateInitContainers } from './containers.ts';
import { child, index } from './field-path.ts';
import { inclusiveRangeError, ipErrors, isDNS1123Label, isDNS1123Subdomain, isDNS1123SubdomainWithUnderscore, isQualifiedName, isValidUserID } from './formats.ts';
import { validateLabels } from './labels.ts';
import { dnsSubdomainName } from './names.ts';
import { arr, isObj, num, obj, objs, optNum, optStr, str, type Obj } from './object-access.ts';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling-constraints.ts';
import { duplicate, invalid, notSupported, required, type StatusCause } from './status-cause.ts';
import { validateVolumes } from './volumes.ts';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const maxInt32 = 2147483647;

export interface PodSpecContext {
  /** The spec is a Pod's own, not a template's (stricter host port rules). */
  isPod: boolean;
  /** The pod's name, when known, for the claims generic ephemeral volumes create. */
  podName?: string;
}

function validateEnum(value: string, supported: readonly string[], path: string): StatusCause[] {
  if (!value) return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

function validateHostNetworkPorts(spec: Obj, path: string, isPod: boolean): StatusCause[] {
  if (spec.hostNetwork !== true) return [];
  const causes: StatusCause[] = [];
  objs(spec.containers).forEach((c, i) => {
    objs(c.ports).forEach((port, j) => {
      const hostPort = num(port.hostPort);
      if ((isPod || hostPort !== 0) && hostPort !== num(port.containerPort)) {
        causes.push(invalid(child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return causes;
}

function validatePodSecurityContext(sc: unknown, path: string): StatusCause[] {
  if (!isObj(sc)) return [];
  const causes: StatusCause[] = [];
  for (const field of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    const id = optNum(sc[field]);
    if (id !== undefined) causes.push(...isValidUserID(id).map((msg) => invalid(child(path, field), id, msg)));
  }
  arr(sc.supplementalGroups).forEach((gid, i) => causes.push(...isValidUserID(num(gid)).map((msg) => invalid(index(child(path, 'supplementalGroups'), i), num(gid), msg))));
  const policy = optStr(sc.fsGroupChangePolicy);
  if (policy !== undefined && policy !== 'Always' && policy !== 'OnRootMismatch') {
    causes.push(notSupported(child(path, 'fsGroupChangePolicy'), policy, ['Always', 'OnRootMismatch']));
  }
  return causes;
}

function validateDNSConfig(spec: Obj, path: string): StatusCause[] {
  const policy = str(spec.dnsPolicy);
  const config = spec.dnsConfig;
  if (policy === 'None') {
    if (!isObj(config)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(config.nameservers).length === 0) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(config)) return [];
  const causes: StatusCause[] = [];
  const nameservers = arr(config.nameservers).map(str);
  if (nameservers.length > 3) causes.push(invalid(child(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => causes.push(...ipErrors(ns).map((msg) => invalid(index(child(path, 'nameservers'), i), ns, msg))));
  const searches = arr(config.searches).map(str);
  if (searches.length > 32) causes.push(invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) causes.push(invalid(child(path, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((search, i) => {
    if (search === '.') return;
    const trimmed = search.replace(/\.$/, '');
    causes.push(...isDNS1123SubdomainWithUnderscore(trimmed).map((msg) => invalid(index(child(path, 'searches'), i), trimmed, msg)));
  });
  objs(config.options).forEach((option, i) => {
    if (!str(option.name)) causes.push(required(index(child(path, 'options'), i), 'must not be empty'));
  });
  return causes;
}

export function validatePodSpec(specValue: unknown, path: string, ctx: PodSpecContext): StatusCause[] {
  const spec = obj(specValue);
  const causes: StatusCause[] = [];
  const grace = optNum(spec.terminationGracePeriodSeconds);
  if (grace === undefined) causes.push(required(child(path, 'terminationGracePeriodSeconds')));
  const volumes = validateVolumes(spec.volumes, child(path, 'volumes'), ctx.podName);
  causes.push(...volumes.causes);
  causes.push(...validateContainers(spec.containers, volumes.names, grace, child(path, 'containers')));
  causes.push(...validateInitContainers(spec.initContainers, spec.containers, volumes.names, grace, child(path, 'initContainers')));
  causes.push(...validateHostNetworkPorts(spec, path, ctx.isPod));
  causes.push(...validateEnum(str(spec.restartPolicy), restartPolicies, child(path, 'restartPolicy')));
  causes.push(...validateEnum(str(spec.dnsPolicy), dnsPolicies, child(path, 'dnsPolicy')));
  causes.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  causes.push(...validatePodSecurityContext(spec.securityContext, child(path, 'securityContext')));
  objs(spec.imagePullSecrets).forEach((secret, i) => {
    if (Object.keys(secret).some((k) => k !== 'name')) causes.push(invalid(index(child(path, 'imagePullSecrets'), i), secret, 'only name may be set'));
  });
  causes.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  causes.push(...validateDNSConfig(spec, child(path, 'dnsConfig')));
  objs(spec.readinessGates).forEach((gate, i) => {
    const type = str(gate.conditionType);
    causes.push(...isQualifiedName(type).map((msg) => invalid(child(index(child(path, 'readinessGates'), i), 'conditionType'), type, msg)));
  });
  const gates = new Set<string>();
  objs(spec.schedulingGates).forEach((gate, i) => {
    const name = str(gate.name);
    const p = index(child(path, 'schedulingGates'), i);
    causes.push(...isQualifiedName(name).map((msg) => invalid(p, name, msg)));
    if (gates.has(name)) causes.push(duplicate(p, name));
    gates.add(name);
  });
  causes.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  for (const field of ['serviceAccountName', 'nodeName', 'priorityClassName']) {
    const value = str(spec[field]);
    if (value) causes.push(...dnsSubdomainName(value, false).map((msg) => invalid(child(path, field), value, msg)));
  }
  const deadline = optNum(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > maxInt32)) {
    causes.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, maxInt32)));
  }
  for (const field of ['hostname', 'subdomain']) {
    const value = str(spec[field]);
    if (value) causes.push(...isDNS1123Label(value).map((msg) => invalid(child(path, field), value, msg)));
  }
  causes.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  objs(spec.hostAliases).forEach((alias, i) => {
    const p = index(child(path, 'hostAliases'), i);
    const ip = str(alias.ip);
    causes.push(...ipErrors(ip).map((msg) => invalid(child(p, 'ip'), ip, msg)));
    arr(alias.hostnames).map(str).forEach((host, j) => causes.push(...isDNS1123Subdomain(host).map((msg) => invalid(index(child(p, 'hostnames'), j), host, msg))));
  });
  const runtimeClass = optStr(spec.runtimeClassName);
  if (runtimeClass !== undefined) causes.push(...dnsSubdomainName(runtimeClass, false).map((msg) => invalid(child(path, 'runtimeClassName'), runtimeClass, msg)));
  const preemption = optStr(spec.preemptionPolicy);
  if (preemption !== undefined) causes.push(...validateEnum(preemption, ['PreemptLowerPriority', 'Never'], child(path, 'preemptionPolicy')));
  if (isObj(spec.os)) {
    const os = str(spec.os.name);
    if (!os) causes.push(required(child(path, 'os', 'name'), 'cannot be empty'));
    else if (os !== 'linux' && os !== 'windows') causes.push(notSupported(child(path, 'os'), os, ['linux', 'windows']));
  }
  return causes;
}
