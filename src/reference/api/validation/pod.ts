// Pods: create, update (the spec is immutable but for images, a shorter
// activeDeadlineSeconds, added tolerations and removed scheduling gates) and
// status writes.
import { validateImageWhitespace } from './containers.ts';
import { child, index, key } from './field-path.ts';
import { inclusiveRangeError, ipErrors, isQualifiedName } from './formats.ts';
import { goJson } from './bad-value.ts';
import { dnsSubdomainName } from './names.ts';
import { arr, isObj, obj, objs, optNum, semanticEqual, str, strMap, type Obj } from './object-access.ts';
import { validatePodSpec } from './pod-spec.ts';
import { duplicate, forbidden, invalid, required, type StatusCause } from './status-cause.ts';
import { validateTolerations } from './scheduling-constraints.ts';

const maxInt32 = 2147483647;
const deletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validatePodAnnotations(meta: Obj): StatusCause[] {
  const annotations = strMap(meta.annotations);
  const cost = annotations[deletionCostAnnotation];
  if (cost === undefined) return [];
  const n = Number(cost);
  const ok = /^[+-]?\d+$/.test(cost) && n >= -2147483648 && n <= maxInt32;
  return ok ? [] : [invalid(key(child('metadata', 'annotations'), deletionCostAnnotation), cost, 'must be a 32bit integer')];
}

/** What every write of a whole pod must satisfy beyond ObjectMeta (validatePodMetadataAndSpec). */
function validatePodMetadataAndSpec(pod: Obj): StatusCause[] {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const causes = validatePodAnnotations(meta);
  causes.push(...validatePodSpec(pod.spec, 'spec', { isPod: true, podName: str(meta.name) || undefined }));
  if (!str(spec.serviceAccountName)) {
    objs(spec.volumes).forEach((volume, vi) => {
      objs(obj(volume.projected).sources).forEach((source, si) => {
        if (isObj(source.serviceAccountToken)) {
          const p = child(index(child(index(child('spec', 'volumes'), vi), 'projected', 'sources'), si), 'serviceAccountToken');
          causes.push(forbidden(p, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  causes.push(...validateImageWhitespace(spec.containers, child('spec', 'containers')));
  causes.push(...validateImageWhitespace(spec.initContainers, child('spec', 'initContainers')));
  return causes;
}

export function validatePodCreate(pod: Obj): StatusCause[] {
  const spec = obj(pod.spec);
  const causes = validatePodMetadataAndSpec(pod);
  if (arr(spec.ephemeralContainers).length) causes.push(forbidden(child('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (str(spec.nodeName) && arr(spec.schedulingGates).length) {
    causes.push(forbidden(child('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  return causes;
}

function validateContainerImages(containers: unknown, oldContainers: unknown, path: string): { causes: StatusCause[]; stop: boolean } {
  const list = objs(containers);
  if (list.length !== arr(oldContainers).length) return { causes: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const causes: StatusCause[] = [];
  list.forEach((c, i) => {
    const image = str(c.image);
    if (!image) causes.push(required(child(index(path, i), 'image')));
    if (image !== image.trim()) causes.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { causes, stop: false };
}

function withoutTolerationSeconds(t: Obj): Obj {
  const { tolerationSeconds: _seconds, ...rest } = t;
  return rest;
}

/** Lines naming each changed leaf, old value then new, in place of upstream's cmp.Diff. */
function specDiff(before: unknown, after: unknown, path = 'spec'): string[] {
  if (semanticEqual(before, after)) return [];
  if (isObj(before) && isObj(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((k) => specDiff(before[k], after[k], child(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => specDiff(item, after[i], index(path, i)));
  }
  return [`- ${path}: ${goJson(before)}`, `+ ${path}: ${goJson(after)}`];
}

export function validatePodUpdate(pod: Obj, old: Obj): StatusCause[] {
  const spec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  const causes = validatePodMetadataAndSpec(pod);
  for (const field of ['containers', 'initContainers']) {
    const images = validateContainerImages(spec[field], oldSpec[field], child('spec', field));
    causes.push(...images.causes);
    if (images.stop) return causes;
  }
  const deadline = optNum(spec.activeDeadlineSeconds);
  const oldDeadline = optNum(oldSpec.activeDeadlineSeconds);
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > maxInt32) {
      causes.push(invalid(child('spec', 'activeDeadlineSeconds'), deadline, inclusiveRangeError(0, maxInt32)));
      return causes;
    }
    if (oldDeadline !== undefined && oldDeadline < deadline) {
      causes.push(invalid(child('spec', 'activeDeadlineSeconds'), deadline, 'must be less than or equal to previous value'));
      return causes;
    }
  } else if (oldDeadline !== undefined) {
    causes.push(invalid(child('spec', 'activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }
  const tolerations = objs(spec.tolerations);
  const removed = objs(oldSpec.tolerations).some((t) => !tolerations.some((n) => semanticEqual(withoutTolerationSeconds(t), withoutTolerationSeconds(n))));
  if (removed) causes.push(forbidden(child('spec', 'tolerations'), 'existing toleration can not be modified except its tolerationSeconds'));
  else causes.push(...validateTolerations(spec.tolerations, child('spec', 'tolerations')));
  const oldGates = objs(oldSpec.schedulingGates).map((g) => str(g.name));
  objs(spec.schedulingGates).forEach((gate, i) => {
    const name = str(gate.name);
    if (!oldGates.includes(name)) causes.push(forbidden(child(index(child('spec', 'schedulingGates'), i), 'name'), `only deletion is allowed, but found new scheduling gate '${name}'`));
  });
  if (semanticEqual(spec, oldSpec)) return causes;
  const munged: Obj = structuredClone(spec);
  for (const field of ['containers', 'initContainers']) {
    const oldList = objs(oldSpec[field]);
    munged[field] = objs(munged[field]).map((c, i) => ({ ...c, image: oldList[i]?.image }));
  }
  for (const field of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) munged[field] = oldSpec[field];
  const oldGrace = optNum(oldSpec.terminationGracePeriodSeconds);
  if (oldGrace !== undefined && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (!semanticEqual(munged, oldSpec)) {
    const diff = specDiff(oldSpec, munged).join('\n');
    causes.push(forbidden('spec', `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${diff}`));
  }
  return causes;
}

/** A write to the status subresource, beyond ObjectMeta. */
export function validatePodStatusUpdate(pod: Obj, old: Obj): StatusCause[] {
  const status = obj(pod.status);
  const oldStatus = obj(old.status);
  const causes: StatusCause[] = [];
  const system = ['PodScheduled', 'Ready', 'Initialized'];
  objs(status.conditions).forEach((condition, i) => {
    const type = str(condition.type);
    if (system.includes(type)) return;
    causes.push(...isQualifiedName(type).map((msg) => invalid(child(index(child('metadata', 'conditions'), i), 'Type'), type, msg)));
  });
  if (str(obj(pod.spec).nodeName) !== str(obj(old.spec).nodeName)) causes.push(forbidden(child('status', 'nodeName'), 'may not be changed directly'));
  const nominated = str(status.nominatedNodeName);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) {
    causes.push(...dnsSubdomainName(nominated, false).map((msg) => invalid(child('status', 'nominatedNodeName'), nominated, msg)));
  }
  if (str(status.qosClass) !== str(oldStatus.qosClass)) causes.push(invalid(child('status', 'qosClass'), str(status.qosClass), 'field is immutable'));
  for (const field of ['podIPs', 'hostIPs']) {
    const seen = new Set<string>();
    objs(status[field]).forEach((entry, i) => {
      const ip = str(entry.ip);
      const p = index(child('status', field), i);
      causes.push(...ipErrors(ip).map((msg) => invalid(p, ip, msg)));
      if (seen.has(ip)) causes.push(duplicate(p, entry));
      seen.add(ip);
    });
  }
  return causes;
}
