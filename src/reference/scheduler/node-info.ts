// What the scheduler knows about one node: the Node, the pods on it (bound or
// assumed), their summed requests and the host ports they hold, as upstream's
// framework.NodeInfo.
import { objectKey } from '../../kube/informer.ts';
import type { Node, Pod } from './pod-types.ts';
import { addInto, podRequests, resourceList, subtractFrom, type ResourceList } from './resources.ts';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return ports;
}

export class NodeInfo {
  node: Node | undefined;
  readonly pods = new Map<string, Pod>();
  /** The pods with pod affinity or anti-affinity terms, which other pods' placement must respect. */
  readonly podsWithAffinity = new Map<string, Pod>();
  readonly requested: ResourceList = new Map();
  readonly nonZeroRequested: ResourceList = new Map();
  usedPorts: HostPort[] = [];
  private parsedAllocatable: { node: Node | undefined; list: ResourceList } | undefined;

  constructor(node?: Node) {
    this.node = node;
  }

  get name(): string {
    return this.node?.metadata?.name ?? '';
  }

  /** The node's allocatable resources, parsed once per Node object (do not modify). */
  allocatable(): ResourceList {
    if (!this.parsedAllocatable || this.parsedAllocatable.node !== this.node) this.parsedAllocatable = { node: this.node, list: resourceList(this.node?.status?.allocatable) };
    return this.parsedAllocatable.list;
  }

  addPod(pod: Pod): void {
    const key = objectKey(pod);
    if (this.pods.has(key)) this.removePod(key);
    this.pods.set(key, pod);
    if (pod.spec?.affinity?.podAffinity || pod.spec?.affinity?.podAntiAffinity) this.podsWithAffinity.set(key, pod);
    addInto(this.requested, podRequests(pod));
    addInto(this.nonZeroRequested, podRequests(pod, true));
    this.usedPorts.push(...podHostPorts(pod));
  }

  removePod(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    this.pods.delete(key);
    this.podsWithAffinity.delete(key);
    subtractFrom(this.requested, podRequests(pod));
    subtractFrom(this.nonZeroRequested, podRequests(pod, true));
    const freed = podHostPorts(pod);
    this.usedPorts = this.usedPorts.filter((used) => {
      const i = freed.findIndex((f) => f.ip === used.ip && f.protocol === used.protocol && f.port === used.port);
      if (i === -1) return true;
      freed.splice(i, 1);
      return false;
    });
  }

  /** A copy whose pod set can be changed without touching this one (preemption's dry runs). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    for (const pod of this.pods.values()) copy.addPod(pod);
    return copy;
  }
}
