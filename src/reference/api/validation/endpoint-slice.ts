// discovery.k8s.io/v1 EndpointSlices: an address type, endpoints with 1-100
// addresses of that type, named ports with a protocol; the address type is
// fixed.
import { child, index } from './field-path.ts';
import { isDNS1123Label, isQualifiedName } from './formats.ts';
import { isIP } from 'node:net';
import { validateLabels } from './labels.ts';
import { dnsSubdomainName } from './names.ts';
import { arr, objs, optStr, str, type Obj } from './object-access.ts';
import { duplicate, invalid, notSupported, required, type StatusCause } from './status-cause.ts';
import { validateNonSpecialIP } from './special-ips.ts';

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];
const protocols = ['SCTP', 'TCP', 'UDP'];

function validateAddress(type: string, address: string, path: string): StatusCause[] {
  if (type === 'IPv4' || type === 'IPv6') {
    const family = isIP(address);
    if (!family) return [invalid(path, address, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
    if ((type === 'IPv4') !== (family === 4)) return [invalid(path, address, `must be an ${type} address`)];
    return validateNonSpecialIP(address, path);
  }
  if (type === 'FQDN') {
    const name = address.replace(/\.$/, '');
    if (!name) return [required(path)];
    const errs = dnsSubdomainName(name, false);
    if (errs.length) return [invalid(path, name, errs.join(','))];
    if (name.split('.').length < 2) return [invalid(path, name, 'should be a domain with at least two segments separated by dots')];
  }
  return [];
}

export function validateEndpointSlice(slice: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = str(slice.addressType);
  if (!type) causes.push(required('addressType'));
  else if (!addressTypes.includes(type)) causes.push(notSupported('addressType', type, addressTypes));
  objs(slice.endpoints).forEach((endpoint, i) => {
    const p = index('endpoints', i);
    const addresses = arr(endpoint.addresses).map(str);
    const addressPath = child(p, 'addresses');
    if (addresses.length === 0) causes.push(required(addressPath, 'must contain at least 1 address'));
    else if (addresses.length > 100) causes.push(invalid(addressPath, addresses.length, 'must have at most 100 items'));
    addresses.forEach((address, j) => causes.push(...validateAddress(type, address, index(addressPath, j))));
    const nodeName = optStr(endpoint.nodeName);
    if (nodeName !== undefined) causes.push(...dnsSubdomainName(nodeName, false).map((msg) => invalid(child(p, 'nodeName'), nodeName, msg)));
    causes.push(...validateLabels(endpoint.deprecatedTopology, child(p, 'deprecatedTopology')));
    const hostname = optStr(endpoint.hostname);
    if (hostname !== undefined) causes.push(...isDNS1123Label(hostname).map((msg) => invalid(child(p, 'hostname'), hostname, msg)));
  });
  const names = new Set<string>();
  objs(slice.ports).forEach((port, i) => {
    const p = index('ports', i);
    const name = str(port.name);
    if (name) causes.push(...isDNS1123Label(name).map((msg) => invalid(child(p, 'name'), name, msg)));
    if (names.has(name)) causes.push(duplicate(child(p, 'name'), name));
    names.add(name);
    const protocol = optStr(port.protocol);
    if (protocol === undefined) causes.push(required(child(p, 'protocol')));
    else if (!protocols.includes(protocol)) causes.push(notSupported(child(p, 'protocol'), protocol, protocols));
    const appProtocol = optStr(port.appProtocol);
    if (appProtocol !== undefined) causes.push(...isQualifiedName(appProtocol).map((msg) => invalid(child(p, 'appProtocol'), appProtocol, msg)));
  });
  return causes;
}

/** The address type cannot change. */
export function validateEndpointSliceUpdate(slice: Obj, old: Obj): StatusCause[] {
  const type = str(slice.addressType);
  return type === str(old.addressType) ? [] : [invalid('addressType', type, 'field is immutable')];
}

