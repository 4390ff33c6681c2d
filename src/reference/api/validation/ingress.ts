// networking.k8s.io/v1 Ingresses: a default backend or rules; rule hosts are
// DNS names (optionally wildcard), paths have a type and an absolute path,
// backends name a service port or a resource.
import { child, index } from './field-path.ts';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain } from './formats.ts';
import { isIP } from 'node:net';
import { arr, isObj, num, obj, objs, optStr, str, type Obj } from './object-access.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

function validateHost(host: string, path: string): StatusCause[] {
  if (host.includes('*')) return isWildcardDNS1123Subdomain(host).map((msg) => invalid(path, host, msg));
  return isDNS1123Subdomain(host).map((msg) => invalid(path, host, msg));
}

function validateBackend(backend: Obj, path: string): StatusCause[] {
  const hasResource = isObj(backend.resource);
  const hasService = isObj(backend.service);
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const resource = obj(backend.resource);
    const p = child(path, 'resource');
    const causes: StatusCause[] = [];
    if (!str(resource.kind)) causes.push(required(child(p, 'kind')));
    if (!str(resource.name)) causes.push(required(child(p, 'name')));
    const apiGroup = optStr(resource.apiGroup);
    if (apiGroup) causes.push(...isDNS1123Subdomain(apiGroup).map((msg) => invalid(child(p, 'apiGroup'), apiGroup, msg)));
    return causes;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const service = obj(backend.service);
  const causes: StatusCause[] = [];
  const name = str(service.name);
  const namePath = child(path, 'service', 'name');
  if (!name) causes.push(required(namePath));
  else causes.push(...isDNS1035Label(name).map((msg) => invalid(namePath, name, msg)));
  const port = obj(service.port);
  const portName = str(port.name);
  const portNumber = num(port.number);
  if (portName && portNumber) causes.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) causes.push(...isValidPortName(portName).map((msg) => invalid(child(path, 'service', 'port', 'name'), portName, msg)));
  else if (portNumber) causes.push(...isValidPortNum(portNumber).map((msg) => invalid(child(path, 'service', 'port', 'number'), portNumber, msg)));
  else causes.push(required(path, 'port name or number is required'));
  return causes;
}

function validatePath(httpPath: Obj, path: string): StatusCause[] {
  const type = optStr(httpPath.pathType);
  if (type === undefined) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const value = str(httpPath.path);
  const p = child(path, 'path');
  const causes: StatusCause[] = [];
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) causes.push(invalid(p, value, 'must be an absolute path'));
    if (value) {
      for (const seq of invalidPathSequences) if (value.includes(seq)) causes.push(invalid(p, value, `must not contain '${seq}'`));
      for (const suffix of invalidPathSuffixes) if (value.endsWith(suffix)) causes.push(invalid(p, value, `cannot end with '${suffix}'`));
    }
  } else if (type === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) causes.push(invalid(p, value, 'must be an absolute path'));
  } else {
    causes.push(notSupported(child(path, 'pathType'), type, pathTypes));
  }
  causes.push(...validateBackend(obj(httpPath.backend), child(path, 'backend')));
  return causes;
}

function validateRules(rules: Obj[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  rules.forEach((rule, i) => {
    const p = index(path, i);
    const host = str(rule.host);
    if (host) {
      if (isIP(host)) causes.push(invalid(child(p, 'host'), host, 'must be a DNS name, not an IP address'));
      causes.push(...validateHost(host, child(p, 'host')));
    }
    if (!isObj(rule.http)) return;
    const paths = objs(rule.http.paths);
    const pathsPath = child(p, 'http', 'paths');
    if (paths.length === 0) causes.push(required(pathsPath));
    paths.forEach((hp, j) => causes.push(...validatePath(hp, index(pathsPath, j))));
  });
  return causes;
}

export function validateIngressSpec(ingress: Obj): StatusCause[] {
  const spec = obj(ingress.spec);
  const rules = objs(spec.rules);
  const causes: StatusCause[] = [];
  if (rules.length === 0 && !isObj(spec.defaultBackend)) causes.push(invalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (isObj(spec.defaultBackend)) causes.push(...validateBackend(spec.defaultBackend, child('spec', 'defaultBackend')));
  if (rules.length) causes.push(...validateRules(rules, child('spec', 'rules')));
  objs(spec.tls).forEach((tls, i) => {
    arr(tls.hosts).map(str).forEach((host, j) => causes.push(...validateHost(host, index(child(index(child('spec', 'tls'), i), 'hosts'), j))));
  });
  const className = optStr(spec.ingressClassName);
  if (className !== undefined) causes.push(...isDNS1123Subdomain(className).map((msg) => invalid(child('spec', 'ingressClassName'), className, msg)));
  return causes;
}
