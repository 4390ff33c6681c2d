// Containers of a pod spec: regular, init and ephemeral. Names are unique DNS
// labels, images are set, ports, env, mounts, pull policy, resources, probes
// and hooks are well formed, and no two containers claim the same host port.
import { child, index } from './field-path.ts';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNum, isValidUserID } from './formats.ts';
import { dnsSubdomainName } from './names.ts';
import { isObj, num, obj, objs, optNum, optStr, str, type Obj } from './object-access.ts';
import { validateLifecycle, validateProbe, type ProbeKind } from './probes.ts';
import { validateResourceRequirements } from './resource-requirements.ts';
import { duplicate, forbidden, invalid, notFound, notSupported, required, type StatusCause } from './status-cause.ts';
import { validateLocalDescendingPath, validateObjectFieldSelector, validateResourceFieldSelector } from './volumes.ts';

const protocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

function validatePorts(ports: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  objs(ports).forEach((port, i) => {
    const p = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) causes.push(...msgs.map((msg) => invalid(child(p, 'name'), name, msg)));
      else if (names.has(name)) causes.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = num(port.containerPort);
    if (containerPort === 0) causes.push(required(child(p, 'containerPort')));
    else causes.push(...isValidPortNum(containerPort).map((msg) => invalid(child(p, 'containerPort'), containerPort, msg)));
    const hostPort = num(port.hostPort);
    if (hostPort !== 0) causes.push(...isValidPortNum(hostPort).map((msg) => invalid(child(p, 'hostPort'), hostPort, msg)));
    const protocol = str(port.protocol);
    if (!protocol) causes.push(required(child(p, 'protocol')));
    else if (!protocols.includes(protocol)) causes.push(notSupported(child(p, 'protocol'), protocol, protocols));
  });
  return causes;
}

function validateKeySelector(ref: Obj, path: string): StatusCause[] {
  const name = str(ref.name);
  const causes = dnsSubdomainName(name, false).map((msg) => invalid(child(path, 'name'), name, msg));
  const k = str(ref.key);
  if (!k) causes.push(required(child(path, 'key')));
  else causes.push(...isConfigMapKey(k).map((msg) => invalid(child(path, 'key'), k, msg)));
  return causes;
}

function validateEnv(env: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(env).forEach((ev, i) => {
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) causes.push(required(child(p, 'name')));
    else causes.push(...isEnvVarName(name).map((msg) => invalid(child(p, 'name'), name, msg)));
    if (!isObj(ev.valueFrom)) return;
    const from = ev.valueFrom;
    const fromPath = child(p, 'valueFrom');
    let count = 0;
    if (isObj(from.fieldRef)) {
      count++;
      causes.push(...validateObjectFieldSelector(from.fieldRef, envFieldPaths, child(fromPath, 'fieldRef')));
    }
    if (isObj(from.resourceFieldRef)) {
      count++;
      causes.push(...validateResourceFieldSelector(from.resourceFieldRef, false, child(fromPath, 'resourceFieldRef')));
    }
    for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
      if (!isObj(from[kind])) continue;
      count++;
      causes.push(...validateKeySelector(obj(from[kind]), child(fromPath, kind)));
    }
    if (count === 0) causes.push(invalid(fromPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (str(ev.value)) causes.push(invalid(fromPath, '', 'may not be specified when `value` is not empty'));
    else if (count > 1) causes.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
  });
  return causes;
}

function validateEnvFrom(envFrom: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(envFrom).forEach((source, i) => {
    const p = index(path, i);
    const prefix = str(source.prefix);
    if (prefix) causes.push(...isEnvVarName(prefix).map((msg) => invalid(child(p, 'prefix'), prefix, msg)));
    let count = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      if (!isObj(source[kind])) continue;
      count++;
      const name = str(obj(source[kind]).name);
      const namePath = child(p, kind, 'name');
      if (!name) causes.push(required(namePath));
      else causes.push(...dnsSubdomainName(name, true).map((msg) => invalid(namePath, name, msg)));
    }
    if (count === 0) causes.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) causes.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return causes;
}

function validateVolumeMounts(container: Obj, volumes: Map<string, Obj>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const mountPaths = new Set<string>();
  const devices = new Map(objs(container.volumeDevices).map((d) => [str(d.name), str(d.devicePath)]));
  const privileged = obj(container.securityContext).privileged === true;
  objs(container.volumeMounts).forEach((mount, i) => {
    const p = index(path, i);
    const name = str(mount.name);
    const mountPath = str(mount.mountPath);
    if (!name) causes.push(required(child(p, 'name')));
    if (!volumes.has(name)) causes.push(notFound(child(p, 'name'), name));
    if (!mountPath) causes.push(required(child(p, 'mountPath')));
    if (mountPaths.has(mountPath)) causes.push(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    if (devices.has(name)) causes.push(invalid(child(p, 'name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) causes.push(invalid(child(p, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    // Upstream reports subPath, subPathExpr and mountPropagation on volumeMounts, without the index.
    const subPath = str(mount.subPath);
    const subPathExpr = str(mount.subPathExpr);
    if (subPath) causes.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
    if (subPathExpr) {
      if (subPath) causes.push(invalid(child(p, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      causes.push(...validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr')));
    }
    const propagation = optStr(mount.mountPropagation);
    if (propagation !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(propagation)) causes.push(notSupported(child(path, 'mountPropagation'), propagation, supported));
      if (propagation === 'Bidirectional' && !privileged) {
        causes.push(forbidden(child(path, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return causes;
}

function validateSecurityContext(sc: unknown, path: string): StatusCause[] {
  if (!isObj(sc)) return [];
  const causes: StatusCause[] = [];
  for (const field of ['runAsUser', 'runAsGroup']) {
    const id = optNum(sc[field]);
    if (id !== undefined) causes.push(...isValidUserID(id).map((msg) => invalid(child(path, field), id, msg)));
  }
  const procMount = optStr(sc.procMount);
  if (procMount !== undefined && procMount !== 'Default' && procMount !== 'Unmasked') {
    causes.push(notSupported(child(path, 'procMount'), procMount, ['Default', 'Unmasked']));
  }
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    causes.push(invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  }
  return causes;
}

/** What every kind of container must satisfy. */
function validateContainerCommon(c: Obj, volumes: Map<string, Obj>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = str(c.name);
  if (!name) causes.push(required(child(path, 'name')));
  else causes.push(...isDNS1123Label(name).map((msg) => invalid(child(path, 'name'), name, msg)));
  if (!str(c.image)) causes.push(required(child(path, 'image')));
  const messagePolicy = str(c.terminationMessagePolicy);
  if (!messagePolicy) causes.push(required(child(path, 'terminationMessagePolicy')));
  else if (messagePolicy !== 'File' && messagePolicy !== 'FallbackToLogsOnError') {
    causes.push(notSupported(child(path, 'terminationMessagePolicy'), messagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  causes.push(...validatePorts(c.ports, child(path, 'ports')));
  causes.push(...validateEnv(c.env, child(path, 'env')));
  causes.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  causes.push(...validateVolumeMounts(c, volumes, child(path, 'volumeMounts')));
  const pullPolicy = str(c.imagePullPolicy);
  if (!pullPolicy) causes.push(required(child(path, 'imagePullPolicy')));
  else if (!pullPolicies.includes(pullPolicy)) causes.push(notSupported(child(path, 'imagePullPolicy'), pullPolicy, pullPolicies));
  causes.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  causes.push(...validateSecurityContext(c.securityContext, child(path, 'securityContext')));
  return causes;
}

function validateProbesAndHooks(c: Obj, gracePeriod: number | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (isObj(c.lifecycle)) causes.push(...validateLifecycle(c.lifecycle, gracePeriod, child(path, 'lifecycle')));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as ProbeKind[]) {
    causes.push(...validateProbe(c[kind], kind, gracePeriod, child(path, kind)));
  }
  return causes;
}

/** Host ports a set of containers claim, each (protocol, hostIP, port) once. */
function validateHostPorts(containers: Obj[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    objs(c.ports).forEach((port, pi) => {
      const hostPort = num(port.hostPort);
      if (hostPort === 0) return;
      const claim = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      const p = child(index(child(index(path, ci), 'ports'), pi), 'hostPort');
      if (seen.has(claim)) causes.push(duplicate(p, claim));
      else seen.add(claim);
    });
  });
  return causes;
}

export function validateContainers(containers: unknown, volumes: Map<string, Obj>, gracePeriod: number | undefined, path: string): StatusCause[] {
  const list = objs(containers);
  if (list.length === 0) return [required(path)];
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainerCommon(c, volumes, p));
    const name = str(c.name);
    if (names.has(name)) causes.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    causes.push(...validateProbesAndHooks(c, gracePeriod, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) causes.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  causes.push(...validateHostPorts(list, path));
  return causes;
}

export function validateInitContainers(initContainers: unknown, containers: unknown, volumes: Map<string, Obj>, gracePeriod: number | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set(objs(containers).map((c) => str(c.name)));
  objs(initContainers).forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainerCommon(c, volumes, p));
    const restartPolicy = optStr(c.restartPolicy);
    if (restartPolicy !== undefined && restartPolicy !== 'Always') causes.push(notSupported(child(p, 'restartPolicy'), restartPolicy, ['Always']));
    const name = str(c.name);
    if (names.has(name)) causes.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    causes.push(...validateHostPorts([c], path));
    if (restartPolicy === 'Always') {
      causes.push(...validateProbesAndHooks(c, gracePeriod, p));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isObj(c[field])) causes.push(forbidden(child(p, field), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return causes;
}

/** Pods, unlike templates, may not carry images with surrounding whitespace. */
export function validateImageWhitespace(containers: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(containers).forEach((c, i) => {
    const image = str(c.image);
    if (image !== image.trim()) causes.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return causes;
}
