// kdrill's flannel with the kube subnet manager, run inside the node agent
// with the node's identity: this node's subnet is its Node's podCIDR; it
// reads net-conf.json, makes flannel.1 (vxlan) or nothing (host-gw),
// publishes its lease in its Node's annotations, writes subnet.env, installs
// the masquerade and forward rules, and then keeps this node's routes,
// neighbour and FDB entries in step with the other Nodes' leases as they
// come, change and go. Flannel's etcd subnet manager is not here: container
// clusters run the API server's embedded store.
import { readFile, writeFile } from 'node:fs/promises';
import type { ApiClient } from '../../../../kube/api-client.ts';
import { InformerFactory } from '../../../../kube/shared-informer.ts';
import { externalInterface, type ExternalInterface } from './external-interface.ts';
import { backendData, leaseAnnotations, nodeLease, sameLease, type FlannelNode, type NodeLease } from './flannel-annotations.ts';
import { applyFlannelRules } from './masquerade-rules.ts';
import { parseNetConf, type NetConf } from './net-conf.ts';
import { addCommands, removeCommands, run, subnetAddress } from './peer-entries.ts';
import { writeSubnetEnv } from './subnet-env.ts';
import { ensureVxlanDevice, vxlanOverhead } from './vxlan-device.ts';

export const vxlanDevice = { name: 'flannel.1', vni: 1, port: 8472 };

export interface FlannelOptions {
  client: ApiClient;
  nodeName: string;
  nodeIP: string;
  /** net-conf.json (the ConfigMap kube-flannel-cfg's, as a file). */
  netConfFile: string;
  /** Where subnet.env goes (flannel: /run/flannel/subnet.env). */
  subnetFile: string;
  /** The node's MTU when given; else its external interface's. */
  nodeMtu?: number;
  log(message: string): void;
}

export class Flannel {
  readonly #options: FlannelOptions;
  readonly #informers: InformerFactory;
  /** Leases whose entries are in the kernel, by node name. */
  readonly #applied = new Map<string, NodeLease>();
  /** Kernel changes run one at a time, in the order the Node events came. */
  #queue: Promise<void> = Promise.resolve();
  #external: ExternalInterface | undefined;
  #conf: NetConf | undefined;

  constructor(options: FlannelOptions) {
    this.#options = options;
    this.#informers = new InformerFactory(options.client, { log: options.log });
  }

  /** Sets the node's network up for its podCIDR; resolves to the MTU pods get. */
  async start(podCIDR: string): Promise<number> {
    const { nodeName, nodeIP, log } = this.#options;
    const conf = parseNetConf(await readFile(this.#options.netConfFile, 'utf8'), this.#options.netConfFile);
    this.#conf = conf;
    const external = await externalInterface(nodeIP);
    this.#external = external;
    const nodeMtu = this.#options.nodeMtu ?? external.mtu;
    await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
    const node = await this.#options.client.get<FlannelNode>(`/api/v1/nodes/${nodeName}`);
    let mtu = nodeMtu;
    let data = backendData(conf.backend, vxlanDevice.vni, undefined);
    if (conf.backend === 'vxlan') {
      mtu = nodeMtu - vxlanOverhead;
      const published = nodeLease(node);
      const mac = await ensureVxlanDevice(
        { ...vxlanDevice, localIP: nodeIP, externalDevice: external.name, mtu, ...(published?.vtepMAC ? { mac: published.vtepMAC } : {}) },
        subnetAddress(podCIDR),
      );
      data = backendData(conf.backend, vxlanDevice.vni, mac);
    }
    // As flannel's AcquireLease: the annotations go in through the status subresource.
    await this.#options.client.patch(`/api/v1/nodes/${nodeName}/status`, 'strategic', {
      metadata: { annotations: leaseAnnotations(conf.backend, nodeIP, data) },
    });
    // As flannel's setNodeNetworkUnavailableFalse; a strategic merge keyed by type leaves the kubelet's conditions be.
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await this.#options.client.patch(`/api/v1/nodes/${nodeName}/status`, 'strategic', {
      status: { conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node', lastTransitionTime: now, lastHeartbeatTime: now }] },
    });
    await writeSubnetEnv(this.#options.subnetFile, { network: conf.network, subnet: podCIDR, mtu, ipMasq: true });
    await applyFlannelRules(conf.network, podCIDR);
    log(`flannel: ${conf.backend} on ${external.name}, subnet ${podCIDR} of ${conf.network}, MTU ${mtu}`);
    const nodes = this.#informers.for<FlannelNode>('/api/v1/nodes');
    nodes.on({
      add: (n) => this.#changed(n),
      update: (_old, n) => this.#changed(n),
      delete: (n) => this.#gone(n.metadata?.name ?? ''),
    });
    this.#informers.start();
    await nodes.synced();
    await this.#queue;
    return mtu;
  }

  #changed(node: FlannelNode): void {
    const name = node.metadata?.name ?? '';
    if (name === this.#options.nodeName) return;
    const lease = nodeLease(node);
    // A lease of the other backend is ignored, as flannel ignores it.
    if (!lease || lease.backend !== this.#conf?.backend) return this.#gone(name);
    const before = this.#applied.get(name);
    if (before && sameLease(before, lease)) return;
    this.#applied.set(name, lease);
    this.#enqueue(async () => {
      if (before) await this.#remove(before);
      await run(addCommands(lease, vxlanDevice.name, this.#external!.name), false);
      this.#options.log(`flannel: ${lease.subnet} via ${name} (${lease.publicIP}${lease.vtepMAC ? `, VTEP ${lease.vtepMAC}` : ''})`);
    });
  }

  #gone(name: string): void {
    const before = this.#applied.get(name);
    if (!before) return;
    this.#applied.delete(name);
    this.#enqueue(async () => {
      await this.#remove(before);
      this.#options.log(`flannel: ${before.subnet} of ${name} removed`);
    });
  }

  async #remove(lease: NodeLease): Promise<void> {
    await run(removeCommands(lease, vxlanDevice.name, this.#external!.name), true);
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch((err: Error) => this.#options.log(`flannel: ${err.message}`));
  }

  /** Stops watching; the kernel's entries stay, as when flanneld stops. */
  async stop(): Promise<void> {
    await this.#informers.stop();
    await this.#queue;
  }
}
