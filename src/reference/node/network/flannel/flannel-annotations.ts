// The Node annotations of flannel's kube subnet manager (prefix
// flannel.alpha.coreos.com/): each node publishes its backend, its VTEP and
// its public address there, and every other node builds its routes from them.
import type { KubeObject } from '../../../api/object.ts';
import type { FlannelBackend } from './net-conf.ts';

const prefix = 'flannel.alpha.coreos.com/';
export const annotationKeys = {
  backendType: `${prefix}backend-type`,
  backendData: `${prefix}backend-data`,
  publicIP: `${prefix}public-ip`,
  kubeSubnetManager: `${prefix}kube-subnet-manager`,
};

/** A node's lease as the kube subnet manager reads it from the Node. */
export interface NodeLease {
  node: string;
  /** The node's podCIDR. */
  subnet: string;
  publicIP: string;
  backend: FlannelBackend;
  /** vxlan: the MAC of the node's flannel.1. */
  vtepMAC?: string;
}

export interface FlannelNode extends KubeObject {
  spec?: { podCIDR?: string };
}

/** vxlan's backend-data: flannel marshals {VNI, VtepMAC}; host-gw has none ("null"). */
export function backendData(backend: FlannelBackend, vni: number, vtepMAC: string | undefined): string {
  return backend === 'vxlan' ? JSON.stringify({ VNI: vni, VtepMAC: vtepMAC }) : 'null';
}

export function leaseAnnotations(backend: FlannelBackend, publicIP: string, data: string): Record<string, string> {
  return {
    [annotationKeys.backendData]: data,
    [annotationKeys.backendType]: backend,
    [annotationKeys.kubeSubnetManager]: 'true',
    [annotationKeys.publicIP]: publicIP,
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

export function sameLease(a: NodeLease, b: NodeLease): boolean {
  return a.subnet === b.subnet && a.publicIP === b.publicIP && a.backend === b.backend && a.vtepMAC === b.vtepMAC;
}
