// The node's status, reported as the kubelet's node status loop reports it:
// looked at every leaseRenewSeconds (nodeStatusUpdateFrequency), written
// when something changed (conditions, images, capacity) and at least every
// statusReportSeconds (nodeStatusReportFrequency), with the kubelet's
// conditions (node-conditions.ts) and its images.
import type { ApiClient } from '../../kube/api-client.ts';
import type { KubeObject } from '../api/object.ts';
import type { NodeCondition } from '../simulated-nodes/node-registration.ts';
import type { NodeAgentConfig } from './agent-config.ts';
import type { ImageStore } from './image-store.ts';
import { nodeConditions } from './node-conditions.ts';
import { nodeStatusFields } from './node-registration.ts';

export class NodeStatusReporter {
  private readonly client: ApiClient;
  private readonly config: NodeAgentConfig;
  private readonly images: ImageStore;
  private readonly log: (message: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private lastFields = '';
  private lastReportMs = 0;
  private readonly runtimeReady: () => boolean;

  constructor(client: ApiClient, config: NodeAgentConfig, images: ImageStore, runtimeReady: () => boolean, log: (message: string) => void) {
    this.client = client;
    this.config = config;
    this.images = images;
    this.runtimeReady = runtimeReady;
    this.log = log;
  }

  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Writes the status if it changed or is due; returns whether it wrote. */
  async report(force = false): Promise<boolean> {
    const node = await this.client.get<KubeObject & { status?: { conditions?: NodeCondition[] } }>(`/api/v1/nodes/${this.config.nodeName}`);
    const now = Date.now();
    const fields = nodeStatusFields(this.config, await this.images.list());
    const { nodeInfo: _info, ...comparable } = fields;
    const text = JSON.stringify(comparable);
    const current = node.status?.conditions;
    const conditions = nodeConditions(current, this.runtimeReady(), now);
    // Conditions changed when a status differs from what the API has (the node lifecycle controller sets Unknown).
    const same = conditions.every((c) => current?.find((x) => x.type === c.type)?.status === c.status && current.find((x) => x.type === c.type)?.reason === c.reason);
    const due = now - this.lastReportMs >= this.config.statusReportSeconds * 1000;
    if (!force && same && text === this.lastFields && !due) return false;
    await this.client.patch(`/api/v1/nodes/${this.config.nodeName}/status`, 'merge', { status: { ...fields, conditions } });
    this.lastFields = text;
    this.lastReportMs = now;
    return true;
  }

  private tick(): void {
    if (this.stopped) return;
    this.inFlight = this.report()
      .then(() => undefined)
      .catch((err: Error) => this.log(`node status: update failed: ${err.message}`))
      .finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.config.leaseRenewSeconds * 1000);
      });
  }
}
