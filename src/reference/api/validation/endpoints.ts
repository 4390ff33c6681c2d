// core/v1 Endpoints: every subset has addresses, each a usable IP, and ports
// that are named when there are several.
import { child, index } from './field-path.ts';
import { isDNS1123Label, isQualifiedName, isValidPortNum } from './formats.ts';
import { isIP } from 'node:net';
import { dnsSubdomainName } from './names.ts';
import { arr, num, objs, optStr, str, type Obj } from './object-access.ts';
import { invalid, notSupported, required, type StatusCause } from './status-cause.ts';
import { validateNonSpecialIP } from './special-ips.ts';

const protocols = ['SCTP', 'TCP', 'UDP'];

function validateAddress(address: Obj, path: string): StatusCause[] {
  const ip = str(address.ip);
  if (!isIP(ip)) {
    const p = child(path, 'ip');
    return [invalid(p, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'), invalid(p, ip, 'must be a valid IP address')];
  }
  const causes: StatusCause[] = [];
  const hostname = str(address.hostname);
  if (hostname) causes.push(...isDNS1123Label(hostname).map((msg) => invalid(child(path, 'hostname'), hostname, msg)));
  const nodeName = optStr(address.nodeName);
  if (nodeName !== undefined) causes.push(...dnsSubdomainName(nodeName, false).map((msg) => invalid(child(path, 'nodeName'), nodeName, msg)));
  causes.push(...validateNonSpecialIP(ip, child(path, 'ip')));
  return causes;
}

function validatePort(port: Obj, requireName: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = str(port.name);
  if (requireName && !name) causes.push(required(child(path, 'name')));
  else if (name) causes.push(...isDNS1123Label(name).map((msg) => invalid(child(path, 'name'), name, msg)));
  const n = num(port.port);
  causes.push(...isValidPortNum(n).map((msg) => invalid(child(path, 'port'), n, msg)));
  const protocol = str(port.protocol);
  if (!protocol) causes.push(required(child(path, 'protocol')));
  else if (!protocols.includes(protocol)) causes.push(notSupported(child(path, 'protocol'), protocol, protocols));
  const appProtocol = optStr(port.appProtocol);
  if (appProtocol !== undefined) causes.push(...isQualifiedName(appProtocol).map((msg) => invalid(child(path, 'appProtocol'), appProtocol, msg)));
  return causes;
}

export function validateEndpointSubsets(endpoints: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(endpoints.subsets).forEach((subset, i) => {
    const p = index('subsets', i);
    if (arr(subset.addresses).length === 0 && arr(subset.notReadyAddresses).length === 0) {
      causes.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    for (const field of ['addresses', 'notReadyAddresses']) {
      objs(subset[field]).forEach((address, j) => causes.push(...validateAddress(address, index(child(p, field), j))));
    }
    const ports = objs(subset.ports);
    ports.forEach((port, j) => causes.push(...validatePort(port, ports.length > 1, index(child(p, 'ports'), j))));
  });
  return causes;
}

