// kdrill's flannel, run inside the node agent: the kernel side, shared by
// both subnet managers (kube-subnet-manager.ts, etcd-subnet-manager.ts). It
// reads the network config from the manager, makes flannel.1 (vxlan) or
// nothing (host-gw), leases the node's subnet with this node's attributes,
// writes subnet.env, installs the masquerade and forward rules, and then
// keeps this node's routes, neighbour and FDB entries in step with the other
// nodes' leases as they come, change and go.
import { writeFile } from 'node:fs/promises';
import { externalInterface, type ExternalInterface } from './external-interface.ts';
import type { LeaseAttrs } from './lease-attrs.ts';
import { applyFlannelRules } from './masquerade-rules.ts';
import type { NetConf } from './net-conf.ts';
import { addCommands, removeCommands, run, subnetAddress } from './peer-entries.ts';
import { sameLease, type PeerLease } from './peer-lease.ts';
import { writeSubnetEnv } from './subnet-env.ts';
import type { SubnetManager } from './subnet-manager.ts';
import { configureVxlanDevice, ensureVxlanDevice, vxlanOverhead } from './vxlan-device.ts';

export const vxlanDevice = { name: 'flannel.1', vni: 1, port: 8472 };

export interface FlannelOptions {
  manager: SubnetManager;
  nodeIP: string;
  /** Where subnet.env goes (flannel: /run/flannel/subnet.env). */
  subnetFile: string;
  /** The node's MTU when given; else its external interface's. */
  nodeMtu?: number;
  log(message: string): void;
  /** This node's lease was taken away; flanneld exits then, to lease a subnet anew when it restarts. */
  onLeaseRevoked(): void;
}

/** This node's part of the network once flannel is up. */
export interface FlannelNetwork {
  /** The node's pod subnet. */
  subnet: string;
  /** The MTU pods get. */
  mtu: number;
}

export class Flannel {
  readonly #options: FlannelOptions;
  /** Leases whose entries are in the kernel, by the manager's key (node name or subnet). */
  readonly #applied = new Map<string, PeerLease>();
  /** Kernel changes run one at a time, in the order the lease events came. */
  #queue: Promise<void> = Promise.resolve();
  #external: ExternalInterface | undefined;
  #conf: NetConf | undefined;

  constructor(options: FlannelOptions) {
    this.#options = options;
  }

  /** Sets the node's network up: resolves to the node's subnet and the MTU pods get. */
  async start(): Promise<FlannelNetwork> {
    const { manager, nodeIP, log } = this.#options;
    const conf = await manager.networkConfig();
    this.#conf = conf;
    const external = await externalInterface(nodeIP);
    this.#external = external;
    const nodeMtu = this.#options.nodeMtu ?? external.mtu;
    await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
    let mtu = nodeMtu;
    const attrs: LeaseAttrs = { publicIP: nodeIP, backend: conf.backend };
    if (conf.backend === 'vxlan') {
      mtu = nodeMtu - vxlanOverhead;
      const stored = await manager.storedVtepMAC();
      const mac = await ensureVxlanDevice({ ...vxlanDevice, localIP: nodeIP, externalDevice: external.name, mtu, ...(stored ? { mac: stored } : {}) });
      attrs.vxlan = { vni: vxlanDevice.vni, vtepMAC: mac };
    }
    const subnet = await manager.acquireLease(attrs);
    if (conf.backend === 'vxlan') await configureVxlanDevice(vxlanDevice.name, subnetAddress(subnet));
    await writeSubnetEnv(this.#options.subnetFile, { network: conf.network, subnet, mtu, ipMasq: true });
    await applyFlannelRules(conf.network, subnet);
    log(`flannel: ${conf.backend} on ${external.name}, subnet ${subnet} of ${conf.network}, MTU ${mtu}`);
    await manager.watchLeases({
      peer: (key, lease) => this.#changed(key, lease),
      revoked: () => this.#options.onLeaseRevoked(),
    });
    await this.#queue;
    return { subnet, mtu };
  }

  #changed(key: string, lease: PeerLease | undefined): void {
    // A lease of the other backend is ignored, as flannel ignores it.
    if (!lease || lease.backend !== this.#conf?.backend) return this.#gone(key);
    const before = this.#applied.get(key);
    if (before && sameLease(before, lease)) return;
    this.#applied.set(key, lease);
    this.#enqueue(async () => {
      if (before) await this.#remove(before);
      await run(addCommands(lease, vxlanDevice.name, this.#external!.name), false);
      this.#options.log(`flannel: ${lease.subnet} via ${lease.publicIP}${lease.vtepMAC ? ` (VTEP ${lease.vtepMAC})` : ''}${key === lease.subnet ? '' : `, node ${key}`}`);
    });
  }

  #gone(key: string): void {
    const before = this.#applied.get(key);
    if (!before) return;
    this.#applied.delete(key);
    this.#enqueue(async () => {
      await this.#remove(before);
      this.#options.log(`flannel: ${before.subnet} via ${before.publicIP} removed${key === before.subnet ? '' : `, node ${key}`}`);
    });
  }

  async #remove(lease: PeerLease): Promise<void> {
    await run(removeCommands(lease, vxlanDevice.name, this.#external!.name), true);
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch((err: Error) => this.#options.log(`flannel: ${err.message}`));
  }

  /** Stops watching (and, with etcd, renewing); the kernel's entries and the lease stay, as when flanneld stops. */
  async stop(): Promise<void> {
    await this.#options.manager.stop();
    await this.#queue;
  }
}
