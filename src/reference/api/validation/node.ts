// Nodes: taints unique by key and effect, pod CIDRs, resource quantities;
// pod CIDRs and the provider ID are set once.
import { child, index } from './field-path.ts';
import { cidrErrors, isValidLabelValue } from './formats.ts';
import { validateLabelName } from './labels.ts';
import { arr, obj, objs, sortedKeys, str, type Obj } from './object-access.ts';
import { formatQuantity, parseQuantity } from './quantity.ts';
import { duplicate, forbidden, invalid, type StatusCause } from './status-cause.ts';
import { validateTaintEffect } from './scheduling-constraints.ts';

/** Upstream reports spec.taints under metadata.taints. */
const taintsPath = child('metadata', 'taints');

function validateTaints(taints: unknown): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  objs(taints).forEach((taint, i) => {
    const p = index(taintsPath, i);
    const k = str(taint.key);
    const value = str(taint.value);
    const effect = str(taint.effect);
    causes.push(...validateLabelName(k, child(p, 'key')));
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length) causes.push(invalid(child(p, 'value'), value, valueErrs.join(';')));
    causes.push(...validateTaintEffect(effect, false, child(p, 'effect')));
    const claim = `${effect}\u0000${k}`;
    if (seen.has(claim)) {
      const dup = duplicate(p, taint);
      causes.push({ ...dup, message: `${dup.message}: taints must be unique by key and effect pair` });
      return;
    }
    seen.add(claim);
  });
  return causes;
}

function validateResources(node: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['capacity', 'allocatable']) {
    const list = obj(obj(node.status)[field]);
    for (const name of sortedKeys(list)) {
      const q = parseQuantity(list[name]);
      if (q && q.nanos < 0n) causes.push(invalid(child('status', field, name), formatQuantity(q), 'must be greater than or equal to 0'));
    }
  }
  return causes;
}

export function validateNode(node: Obj): StatusCause[] {
  const spec = obj(node.spec);
  const causes = [...validateTaints(spec.taints), ...validateResources(node)];
  const cidrs = arr(spec.podCIDRs).map(str);
  const cidrPath = child('spec', 'podCIDRs');
  cidrs.forEach((cidr, i) => causes.push(...cidrErrors(cidr).map((msg) => invalid(index(cidrPath, i), cidr, msg))));
  if (cidrs.length > 1) {
    if (cidrs.length > 2 || cidrs[0]?.includes(':') === cidrs[1]?.includes(':')) {
      causes.push(invalid(cidrPath, cidrs, 'may specify no more than one CIDR for each IP family'));
    }
    cidrs.forEach((cidr, i) => {
      if (cidrs.indexOf(cidr) !== i) causes.push(duplicate(index(cidrPath, i), cidr));
    });
  }
  return causes;
}

export function validateNodeUpdate(node: Obj, old: Obj): StatusCause[] {
  const spec = obj(node.spec);
  const oldSpec = obj(old.spec);
  const causes = validateResources(node);
  const addresses = objs(obj(node.status).addresses);
  addresses.forEach((address, i) => {
    if (addresses.findIndex((a) => str(a.type) === str(address.type) && str(a.address) === str(address.address)) !== i) {
      causes.push(duplicate(index(child('status', 'addresses'), i), address));
    }
  });
  const oldCidrs = arr(oldSpec.podCIDRs).map(str);
  const cidrs = arr(spec.podCIDRs).map(str);
  if (oldCidrs.length && (oldCidrs.length !== cidrs.length || oldCidrs.some((c, i) => c !== cidrs[i]))) {
    causes.push(forbidden(child('spec', 'podCIDRs'), 'node updates may not change podCIDR except from "" to valid'));
  }
  const oldProvider = str(oldSpec.providerID);
  if (oldProvider && oldProvider !== str(spec.providerID)) {
    causes.push(forbidden(child('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  causes.push(...validateTaints(spec.taints));
  if (str(spec.externalID) !== str(oldSpec.externalID)) causes.push(forbidden(child('spec', 'externalID'), 'may not be updated'));
  return causes;
}

