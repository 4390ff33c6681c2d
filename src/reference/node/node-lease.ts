// The node's Lease in kube-node-lease, renewed every leaseRenewSeconds as
// the kubelet's node lease controller renews it (the duration is four
// renewals, the kubelet's 40 s for its 10 s), created when missing with the
// Node as its owner.
import { ApiRequestError, type ApiClient } from '../../kube/api-client.ts';
import { microTimeNow, nodeLease } from '../simulated-nodes/node-registration.ts';

export class NodeLeaseHeartbeat {
  private readonly client: ApiClient;
  private readonly nodeName: string;
  private readonly renewMs: number;
  private readonly log: (message: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(client: ApiClient, nodeName: string, renewSeconds: number, log: (message: string) => void) {
    this.client = client;
    this.nodeName = nodeName;
    this.renewMs = renewSeconds * 1000;
    this.log = log;
  }

  get durationSeconds(): number {
    return Math.round((this.renewMs * 4) / 1000);
  }

  start(): void {
    this.beat();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Renews now (resolves once written). */
  async renew(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${this.nodeName}`;
    const now = Date.now();
    try {
      await this.client.patch(path, 'merge', { spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: microTimeNow(now) } });
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 404)) throw err;
      const node = await this.client.get(`/api/v1/nodes/${this.nodeName}`);
      await this.client.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', nodeLease(node, this.durationSeconds, now));
    }
  }

  private beat(): void {
    if (this.stopped) return;
    this.inFlight = this.renew()
      .catch((err: Error) => this.log(`node lease: renewal failed: ${err.message}`))
      .finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.beat(), this.renewMs);
      });
  }
}
