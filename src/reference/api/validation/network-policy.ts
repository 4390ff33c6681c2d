// networking.k8s.io/v1 NetworkPolicies (ValidateNetworkPolicySpec): a valid
// pod selector; rules whose ports have a known protocol, a valid port and an
// endPort not below it; peers that are an ipBlock (a CIDR whose exceptions lie
// inside it) or pod/namespace selectors, never both; policyTypes Ingress and
// Egress only.
import { child, index } from './field-path.ts';
import { cidrErrors, isValidPortName, isValidPortNum } from './formats.ts';
import { validateLabelSelector } from './label-selector.ts';
import { arr, isObj, obj, objs, str, type Obj } from './object-access.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const protocols = ['SCTP', 'TCP', 'UDP'];

function cidrContains(outer: string, inner: string): boolean {
  const toInt = (ip: string) => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
  const [oIp = '', oBits = '32'] = outer.split('/');
  const [iIp = '', iBits = '32'] = inner.split('/');
  if (oIp.includes(':') || iIp.includes(':')) return true;
  const size = 2 ** (32 - Number(oBits));
  return Number(iBits) > Number(oBits) && Math.floor(toInt(iIp) / size) === Math.floor(toInt(oIp) / size);
}

function validatePort(port: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (typeof port.protocol === 'string' && !protocols.includes(port.protocol)) causes.push(notSupported(child(path, 'protocol'), port.protocol, protocols));
  const value = port.port;
  if (typeof value === 'number') causes.push(...isValidPortNum(value).map((m) => invalid(child(path, 'port'), value, m)));
  else if (typeof value === 'string') causes.push(...isValidPortName(value).map((m) => invalid(child(path, 'port'), value, m)));
  if (typeof port.endPort === 'number') {
    if (typeof value !== 'number') causes.push(required(child(path, 'port'), 'when endPort is specified'));
    else if (port.endPort < value) causes.push(invalid(child(path, 'endPort'), port.endPort, 'must be greater than or equal to `port`'));
    causes.push(...isValidPortNum(port.endPort).map((m) => invalid(child(path, 'endPort'), port.endPort, m)));
  }
  return causes;
}

function validatePeer(peer: Obj, path: string): StatusCause[] {
  const selectors = isObj(peer.podSelector) || isObj(peer.namespaceSelector);
  if (!selectors && !isObj(peer.ipBlock)) return [required(path, 'must specify a peer')];
  if (selectors && isObj(peer.ipBlock)) return [forbidden(path, 'may not specify more than 1 peer type')];
  const causes = [...validateLabelSelector(peer.podSelector, child(path, 'podSelector')), ...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector'))];
  if (isObj(peer.ipBlock)) {
    const cidr = str(peer.ipBlock.cidr);
    const blockPath = child(path, 'ipBlock');
    if (!cidr) causes.push(required(child(blockPath, 'cidr')));
    else causes.push(...cidrErrors(cidr).map((m) => invalid(child(blockPath, 'cidr'), cidr, m)));
    arr(peer.ipBlock.except).map(str).forEach((except, i) => {
      const exceptPath = index(child(blockPath, 'except'), i);
      const errors = cidrErrors(except);
      causes.push(...errors.map((m) => invalid(exceptPath, except, m)));
      if (!errors.length && cidr && !cidrErrors(cidr).length && !cidrContains(cidr, except)) causes.push(invalid(exceptPath, except, 'must be a strict subset of `cidr`'));
    });
  }
  return causes;
}

export function validateNetworkPolicy(policy: Obj): StatusCause[] {
  const spec = obj(policy.spec);
  const causes = validateLabelSelector(spec.podSelector, child('spec', 'podSelector'));
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    objs(spec[direction]).forEach((rule, i) => {
      const rulePath = index(child('spec', direction), i);
      objs(rule.ports).forEach((port, j) => causes.push(...validatePort(port, index(child(rulePath, 'ports'), j))));
      objs(rule[peers]).forEach((peer, j) => causes.push(...validatePeer(peer, index(child(rulePath, peers), j))));
    });
  }
  const types = arr(spec.policyTypes).map(str);
  types.forEach((type, i) => {
    if (type !== 'Ingress' && type !== 'Egress') causes.push(notSupported(index(child('spec', 'policyTypes'), i), type, ['Egress', 'Ingress']));
  });
  if (types.length > 2) causes.push(invalid(child('spec', 'policyTypes'), types, 'may not specify more than two policyTypes'));
  return causes;
}
