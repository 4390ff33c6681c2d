// What the kernel side of flannel (flannel.ts) needs from a subnet manager:
// the network config, this node's lease, and the other nodes' leases as they
// come and go. Two implementations, as flanneld's: kube (Node podCIDR and
// annotations) and etcd (flannel's keys under PREFIX).
import type { LeaseAttrs } from './lease-attrs.ts';
import type { NetConf } from './net-conf.ts';
import type { PeerLease } from './peer-lease.ts';

export interface LeaseHandlers {
  /** A peer's lease appeared or changed (lease), or is gone or unusable (undefined); key names the peer. */
  peer(key: string, lease: PeerLease | undefined): void;
  /** This node's own lease was taken away (etcd: deleted, or expired unrenewed). */
  revoked(): void;
}

export interface SubnetManager {
  networkConfig(): Promise<NetConf>;
  /** The VTEP MAC this node published before, so that a restarted flannel keeps flannel.1's MAC. */
  storedVtepMAC(): Promise<string | undefined>;
  /** Leases a subnet for this node with attrs; resolves to the subnet. */
  acquireLease(attrs: LeaseAttrs): Promise<string>;
  /** Starts delivering the peers' leases; resolves once those present now have been delivered. */
  watchLeases(handlers: LeaseHandlers): Promise<void>;
  /** Stops watching (and renewing); the lease stays, as when flanneld stops. */
  stop(): Promise<void>;
}
