// Another node's lease as the kernel side needs it, whichever subnet manager
// read it: its subnet, its public address and backend, and (vxlan) the MAC of
// its flannel.1.
import type { FlannelBackend } from './net-conf.ts';

export interface PeerLease {
  subnet: string;
  publicIP: string;
  backend: FlannelBackend;
  /** vxlan: the MAC of the peer's flannel.1. */
  vtepMAC?: string;
}

export function sameLease(a: PeerLease, b: PeerLease): boolean {
  return a.subnet === b.subnet && a.publicIP === b.publicIP && a.backend === b.backend && a.vtepMAC === b.vtepMAC;
}
