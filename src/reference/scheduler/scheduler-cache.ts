// The scheduler's view of the cluster, kept from the node and pod informers:
// one NodeInfo per node holding the pods bound to it and the pods this
// scheduler assumed there while their binding is in flight.
import { objectKey } from '../../kube/informer.ts';
import { NodeInfo } from './node-info.ts';
import { isTerminal, type Node, type Pod } from './pod-types.ts';

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Where each counted pod is, by pod key. */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();
  /** snapshot()'s answer until a node comes or goes. */
  private sorted: NodeInfo[] | undefined;

  private nodeInfo(name: string): NodeInfo {
    let info = this.nodes.get(name);
    if (!info) {
      info = new NodeInfo();
      this.nodes.set(name, info);
    }
    return info;
  }

  setNode(node: Node): void {
    const info = this.nodeInfo(node.metadata!.name!);
    if (!info.node) this.sorted = undefined;
    info.node = node;
  }

  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    this.sorted = undefined;
    // Pods still bound to a deleted node keep their entry until they go.
    if (info.pods.size === 0) this.nodes.delete(name);
    else info.node = undefined;
  }

  /** Records a pod as the informer sees it: counted on its node while bound and not finished. */
  setPod(pod: Pod): void {
    const key = objectKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) {
      if (!this.assumed.has(key)) this.removePod(key);
      return;
    }
    this.assumed.delete(key);
    if (isTerminal(pod)) {
      this.removePod(key);
      return;
    }
    const previous = this.podNodes.get(key);
    if (previous !== undefined && previous !== nodeName) this.removePod(key);
    this.nodeInfo(nodeName).addPod(pod);
    this.podNodes.set(key, nodeName);
  }

  removePod(key: string): void {
    const nodeName = this.podNodes.get(key);
    this.assumed.delete(key);
    if (nodeName === undefined) return;
    this.podNodes.delete(key);
    const info = this.nodes.get(nodeName);
    info?.removePod(key);
    if (info && !info.node && info.pods.size === 0) this.nodes.delete(nodeName);
  }

  /** Counts the pod on the node before the API server confirms the binding. */
  assume(pod: Pod, nodeName: string): void {
    const key = objectKey(pod);
    this.setPod({ ...pod, spec: { ...pod.spec, nodeName } });
    this.assumed.add(key);
  }

  /** Undoes assume() after a failed binding. */
  forget(key: string): void {
    if (this.assumed.has(key)) this.removePod(key);
  }

  /** The nodes that exist, in name order (do not modify the array). */
  snapshot(): NodeInfo[] {
    this.sorted ??= [...this.nodes.values()].filter((n) => n.node).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }
}
