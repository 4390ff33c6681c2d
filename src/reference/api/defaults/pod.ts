// Pod defaults: the PodSpec ones, those only Pods get (SetDefaults_Pod:
// requests from limits, enableServiceLinks, host ports under hostNetwork),
// what kube-apiserver's default admission plugins add (ServiceAccount,
// DefaultTolerationSeconds, Priority) and the status a new pod starts with.
// Each step only fills what is missing, so running it on an update is harmless.
import { systemPriorityClasses } from '../validation/priority-class.ts';
import { ensureObj, isObj, num, obj, objs, optNum, str, strMap, type Obj } from '../validation/object-access.ts';
import { defaultPodSpec } from './pod-spec.ts';
import { podQOSClass } from './qos-class.ts';

const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
/** kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const defaultTolerationSeconds = 300;

function requestsFromLimits(containers: unknown): void {
  for (const c of objs(containers)) {
    const resources = obj(c.resources);
    if (!isObj(resources.limits)) continue;
    const requests = ensureObj(resources, 'requests');
    for (const [name, value] of Object.entries(resources.limits)) if (!(name in requests)) requests[name] = value;
  }
}

function hostPortsFromContainerPorts(containers: unknown): void {
  for (const c of objs(containers)) for (const port of objs(c.ports)) if (!num(port.hostPort)) port.hostPort = port.containerPort;
}

function tolerates(tolerations: Obj[], key: string): boolean {
  return tolerations.some((t) => (str(t.key) === key || !str(t.key)) && (str(t.effect) === 'NoExecute' || !str(t.effect)));
}

/** DefaultTolerationSeconds: ride out a node going not-ready or unreachable (five minutes by default). */
function addDefaultTolerations(spec: Obj, seconds: number): void {
  const tolerations = objs(spec.tolerations);
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(tolerations, key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
  if (added.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

interface Priority {
  className: string;
  value: number;
  preemptionPolicy: string;
}

function priorityOf(pc: Obj): Priority {
  return { className: str(obj(pc.metadata).name), value: num(pc.value), preemptionPolicy: str(pc.preemptionPolicy) };
}

/**
 * Priority admission: the named class's value, else the global default
 * class's (the lowest, if several), else 0 and PreemptLowerPriority. A name
 * that matches no class leaves priority unset (upstream refuses the pod).
 */
function resolvePriority(spec: Obj, priorityClasses: readonly Obj[]): void {
  const name = str(spec.priorityClassName);
  const system = systemPriorityClasses[name];
  let resolved: Priority | undefined;
  if (system !== undefined) {
    resolved = { className: name, value: system, preemptionPolicy: 'PreemptLowerPriority' };
  } else if (name) {
    const found = priorityClasses.find((pc) => str(obj(pc.metadata).name) === name);
    resolved = found && priorityOf(found);
  } else {
    const globalDefault = priorityClasses.filter((pc) => pc.globalDefault === true).sort((a, b) => num(a.value) - num(b.value))[0];
    resolved = globalDefault ? priorityOf(globalDefault) : { className: '', value: 0, preemptionPolicy: 'PreemptLowerPriority' };
  }
  if (!resolved) return;
  if (resolved.className) spec.priorityClassName = resolved.className;
  if (optNum(spec.priority) === undefined) spec.priority = resolved.value;
  if (resolved.preemptionPolicy && !str(spec.preemptionPolicy)) spec.preemptionPolicy = resolved.preemptionPolicy;
}

/** `priorityClasses` are the PriorityClass objects that exist (the built-in system ones need not be among them). */
export function defaultPod(pod: Obj, priorityClasses: readonly Obj[], tolerationSeconds = defaultTolerationSeconds): void {
  const spec = ensureObj(pod, 'spec');
  defaultPodSpec(spec);
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    hostPortsFromContainerPorts(spec.containers);
    hostPortsFromContainerPorts(spec.initContainers);
  }
  if (!(mirrorPodAnnotation in strMap(obj(pod.metadata).annotations))) {
    const serviceAccount = str(spec.serviceAccountName) || 'default';
    spec.serviceAccountName = serviceAccount;
    spec.serviceAccount = serviceAccount;
  }
  addDefaultTolerations(spec, tolerationSeconds);
  resolvePriority(spec, priorityClasses);
  const status = ensureObj(pod, 'status');
  status.phase ||= 'Pending';
  status.qosClass ||= podQOSClass(spec);
}
