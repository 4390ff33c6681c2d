// flannel's kube subnet manager (flanneld --kube-subnet-mgr), with the node's
// identity: the network config is net-conf.json (the ConfigMap
// kube-flannel-cfg's, as a file), this node's subnet is its Node's podCIDR
// and its lease is published in the Node's annotations, and the other nodes'
// leases come from their Nodes through an informer.
import { readFile } from 'node:fs/promises';
import type { ApiClient } from '../../../../kube/api-client.ts';
import { InformerFactory } from '../../../../kube/shared-informer.ts';
import { leaseAnnotations, nodeLease, type FlannelNode } from './flannel-annotations.ts';
import type { LeaseAttrs } from './lease-attrs.ts';
import { parseNetConf, type NetConf } from './net-conf.ts';
import type { LeaseHandlers, SubnetManager } from './subnet-manager.ts';

export interface KubeSubnetManagerOptions {
  client: ApiClient;
  nodeName: string;
  /** net-conf.json (the ConfigMap kube-flannel-cfg's, as a file). */
  netConfFile: string;
  log(message: string): void;
}

export class KubeSubnetManager implements SubnetManager {
  readonly #options: KubeSubnetManagerOptions;
  readonly #informers: InformerFactory;

  constructor(options: KubeSubnetManagerOptions) {
    this.#options = options;
    this.#informers = new InformerFactory(options.client, { log: options.log });
  }

  #node(): Promise<FlannelNode> {
    return this.#options.client.get<FlannelNode>(`/api/v1/nodes/${this.#options.nodeName}`);
  }

  async networkConfig(): Promise<NetConf> {
    return parseNetConf(await readFile(this.#options.netConfFile, 'utf8'), this.#options.netConfFile);
  }

  async storedVtepMAC(): Promise<string | undefined> {
    return nodeLease(await this.#node())?.vtepMAC;
  }

  async acquireLease(attrs: LeaseAttrs): Promise<string> {
    const { client, nodeName } = this.#options;
    const subnet = (await this.#node()).spec?.podCIDR;
    if (!subnet) throw new Error(`node "${nodeName}" pod cidr not assigned`);
    // As flannel's AcquireLease: the annotations go in through the status subresource.
    await client.patch(`/api/v1/nodes/${nodeName}/status`, 'strategic', { metadata: { annotations: leaseAnnotations(attrs) } });
    // As flannel's setNodeNetworkUnavailableFalse; a strategic merge keyed by type leaves the kubelet's conditions be.
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await client.patch(`/api/v1/nodes/${nodeName}/status`, 'strategic', {
      status: { conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node', lastTransitionTime: now, lastHeartbeatTime: now }] },
    });
    return subnet;
  }

  async watchLeases(handlers: LeaseHandlers): Promise<void> {
    const changed = (node: FlannelNode) => {
      const name = node.metadata?.name ?? '';
      if (name !== this.#options.nodeName) handlers.peer(name, nodeLease(node));
    };
    const nodes = this.#informers.for<FlannelNode>('/api/v1/nodes');
    nodes.on({
      add: changed,
      update: (_old, node) => changed(node),
      delete: (node) => {
        const name = node.metadata?.name ?? '';
        if (name !== this.#options.nodeName) handlers.peer(name, undefined);
      },
    });
    this.#informers.start();
    await nodes.synced();
  }

  async stop(): Promise<void> {
    await this.#informers.stop();
  }
}
