// The Node annotations of flannel's kube subnet manager (prefix
// flannel.alpha.coreos.com/): each node publishes its backend, its VTEP and
// its public address there, and every other node builds its routes from them.
import type { KubeObject } from '../../../api/object.ts';
import type { LeaseAttrs } from './lease-attrs.ts';
import type { PeerLease } from './peer-lease.ts';

const prefix = 'flannel.alpha.coreos.com/';
export const annotationKeys = {
  backendType: `${prefix}backend-type`,
  backendData: `${prefix}backend-data`,
  publicIP: `${prefix}public-ip`,
  kubeSubnetManager: `${prefix}kube-subnet-manager`,
};

/** A node's lease as the kube subnet manager reads it from the Node; its subnet is the node's podCIDR. */
export interface NodeLease extends PeerLease {
  node: string;
}

export interface FlannelNode extends KubeObject {
  spec?: { podCIDR?: string };
}

/** vxlan's backend-data: flannel marshals {VNI, VtepMAC}; host-gw has none ("null"). */
export function backendData(attrs: LeaseAttrs): string {
  return attrs.vxlan ? JSON.stringify({ VNI: attrs.vxlan.vni, VtepMAC: attrs.vxlan.vtepMAC }) : 'null';
}

export function leaseAnnotations(attrs: LeaseAttrs): Record<string, string> {
  return {
    [annotationKeys.backendData]: backendData(attrs),
    [annotationKeys.backendType]: attrs.backend,
    [annotationKeys.kubeSubnetManager]: 'true',
    [annotationKeys.publicIP]: attrs.publicIP,
  };
}

/** The node's lease, or undefined while it has no podCIDR or flannel has not annotated it (as flannel's nodeToLease). */
export function nodeLease(node: FlannelNode): NodeLease | undefined {
  const a = node.metadata?.annotations ?? {};
  const subnet = node.spec?.podCIDR;
  const backend = a[annotationKeys.backendType];
  const publicIP = a[annotationKeys.publicIP];
  if (!subnet || !publicIP || a[annotationKeys.kubeSubnetManager] !== 'true') return undefined;
  if (backend === 'host-gw') return { node: node.metadata?.name ?? '', subnet, publicIP, backend };
  if (backend !== 'vxlan') return undefined;
  let data: { VtepMAC?: unknown };
  try {
    data = JSON.parse(a[annotationKeys.backendData] ?? '') as typeof data;
  } catch {
    return undefined;
  }
  if (typeof data?.VtepMAC !== 'string') return undefined;
  return { node: node.metadata?.name ?? '', subnet, publicIP, backend, vtepMAC: data.VtepMAC };
}
