// The value of a lease key in flannel's etcd layout: flannel's LeaseAttrs as
// Go's encoding/json writes it, fields in declaration order, PublicIPv6 null
// when absent (a nil pointer without omitempty), BackendType and BackendData
// left out when empty: vxlan's data is {VNI, VtepMAC}, host-gw has none.
import type { FlannelBackend } from './net-conf.ts';
import type { PeerLease } from './peer-lease.ts';

export interface LeaseAttrs {
  publicIP: string;
  backend: FlannelBackend;
  /** vxlan: VNI and the MAC of this node's flannel.1. */
  vxlan?: { vni: number; vtepMAC: string };
}

export function leaseAttrsJson(attrs: LeaseAttrs): string {
  return JSON.stringify({
    PublicIP: attrs.publicIP,
    PublicIPv6: null,
    BackendType: attrs.backend,
    ...(attrs.vxlan ? { BackendData: { VNI: attrs.vxlan.vni, VtepMAC: attrs.vxlan.vtepMAC } } : {}),
  });
}

interface LeaseAttrsFields {
  PublicIP?: unknown;
  BackendType?: unknown;
  BackendData?: { VtepMAC?: unknown } | null;
}

/**
 * The peer lease a key's value describes, or undefined for a value that is not
 * flannel's JSON or whose backend kdrill does not run (flannel's vxlan backend
 * ignores leases of other types, as does host-gw).
 */
export function peerLeaseOf(subnet: string, value: string): PeerLease | undefined {
  let fields: LeaseAttrsFields;
  try {
    fields = JSON.parse(value) as LeaseAttrsFields;
  } catch {
    return undefined;
  }
  const publicIP = fields?.PublicIP;
  if (typeof publicIP !== 'string') return undefined;
  if (fields.BackendType === 'host-gw') return { subnet, publicIP, backend: 'host-gw' };
  if (fields.BackendType !== 'vxlan' || typeof fields.BackendData?.VtepMAC !== 'string') return undefined;
  return { subnet, publicIP, backend: 'vxlan', vtepMAC: fields.BackendData.VtepMAC };
}

/** The PublicIP of a key's value, which tells a node its own lease; undefined when the value has none. */
export function publicIPOf(value: string): string | undefined {
  try {
    const ip = (JSON.parse(value) as LeaseAttrsFields)?.PublicIP;
    return typeof ip === 'string' ? ip : undefined;
  } catch {
    return undefined;
  }
}
