// A container's resources: which names may appear, that quantities are not
// negative, that requests do not exceed limits (and equal them for resources
// that cannot be overcommitted: hugepages and extended resources).
import { key, child } from './field-path.ts';
import { isQualifiedName } from './formats.ts';
import { obj, sortedKeys } from './object-access.ts';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity.ts';
import { forbidden, invalid, required, type StatusCause } from './status-cause.ts';

const standardResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers',
  'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
]);
const integerResources = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);
const containerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isExtended(name: string): boolean {
  return !isNative(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
}

function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function validateResourceName(name: string, path: string): StatusCause[] {
  const qualified = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (qualified.length) return qualified;
  const causes: StatusCause[] = [];
  if (!name.includes('/')) {
    if (!standardResources.has(name) && !isHugePages(name) && !name.startsWith('requests.hugepages-')) {
      causes.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!containerResources.has(name) && !isHugePages(name)) causes.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) {
    causes.push(invalid(path, name, 'doesn\'t follow extended resource name standard'));
  }
  return causes;
}

function validateQuantity(name: string, q: Quantity, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (q.nanos < 0n) causes.push(invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
  if ((integerResources.has(name) || isExtended(name)) && q.nanos % 1_000_000_000n !== 0n) {
    causes.push(invalid(path, formatQuantity(q), 'must be an integer'));
  }
  return causes;
}

export function validateResourceRequirements(resources: unknown, path: string): StatusCause[] {
  const limits = obj(obj(resources).limits);
  const requests = obj(obj(resources).requests);
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const causes: StatusCause[] = [];
  let cpuOrMemory = false;
  let hugePages = false;
  for (const name of sortedKeys(limits)) {
    const p = key(limPath, name);
    causes.push(...validateResourceName(name, p));
    const q = parseQuantity(limits[name]);
    if (q) causes.push(...validateQuantity(name, q, p));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const name of sortedKeys(requests)) {
    const p = key(reqPath, name);
    causes.push(...validateResourceName(name, p));
    const q = parseQuantity(requests[name]);
    if (q) causes.push(...validateQuantity(name, q, p));
    const limit = parseQuantity(limits[name]);
    if (q && limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        causes.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        causes.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!(name in limits) && !overcommitAllowed(name)) {
      causes.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) causes.push(forbidden(path, 'HugePages require cpu or memory'));
  return causes;
}
