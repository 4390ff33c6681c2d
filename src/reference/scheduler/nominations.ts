// Pending pods that preemption nominated to a node (status.nominatedNodeName),
// by node: the scheduler keeps their room free for them.
import { objectKey } from '../../kube/informer.ts';
import type { Pod } from './pod-types.ts';

export class Nominations {
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOf = new Map<string, string>();

  /** Records the pod's nomination, or drops it once the pod is bound or no longer nominated. */
  set(pod: Pod): void {
    const key = objectKey(pod);
    this.remove(key);
    const nodeName = pod.status?.nominatedNodeName;
    if (!nodeName || pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return;
    let pods = this.byNode.get(nodeName);
    if (!pods) this.byNode.set(nodeName, (pods = new Map()));
    pods.set(key, pod);
    this.nodeOf.set(key, nodeName);
  }

  remove(key: string): void {
    const nodeName = this.nodeOf.get(key);
    if (nodeName === undefined) return;
    this.nodeOf.delete(key);
    const pods = this.byNode.get(nodeName)!;
    pods.delete(key);
    if (pods.size === 0) this.byNode.delete(nodeName);
  }

  on(nodeName: string): Pod[] {
    return [...(this.byNode.get(nodeName)?.values() ?? [])];
  }
}
