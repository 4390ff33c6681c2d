// The etcd PKI of a cluster in containers whose store is etcd, laid out as
// kubeadm lays it out: a CA of its own (pki/etcd/ca.crt), etcd's serving
// certificate (pki/etcd/server.crt) and the API server's client certificate
// (pki/apiserver-etcd-client.crt). etcd runs with --client-cert-auth, so only
// holders of a certificate from this CA reach it: the API server, and with
// flannel's etcd subnet manager each node's flannel (its own client certificate).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate, type CertificateAndKey } from '../reference/api/pki.ts';

export const etcdClientPort = 2379;
export const etcdPeerPort = 2380;

/** Paths relative to the control plane's pki folder. */
export const etcdPkiFiles = {
  ca: 'etcd/ca.crt',
  serverCert: 'etcd/server.crt',
  serverKey: 'etcd/server.key',
  apiServerClientCert: 'apiserver-etcd-client.crt',
  apiServerClientKey: 'apiserver-etcd-client.key',
} as const;

export interface EtcdPki {
  ca: CertificateAndKey;
}

/** Makes the etcd CA and the server and API-server client certificates in `pkiDir`, for etcd at `names`. */
export async function createEtcdPki(pkiDir: string, names: { dnsNames: string[]; ipAddresses: string[] }): Promise<EtcdPki> {
  const ca = createCertificateAuthority('etcd-ca');
  const server = issueServerCertificate(ca, names);
  const client = issueClientCertificate(ca, 'kube-apiserver-etcd-client');
  await mkdir(join(pkiDir, 'etcd'), { recursive: true, mode: 0o700 });
  await writeFile(join(pkiDir, 'etcd', 'ca.key'), ca.key, { mode: 0o600 });
  await writeFile(join(pkiDir, etcdPkiFiles.ca), ca.cert);
  await writeFile(join(pkiDir, etcdPkiFiles.serverCert), server.cert);
  await writeFile(join(pkiDir, etcdPkiFiles.serverKey), server.key, { mode: 0o600 });
  await writeFile(join(pkiDir, etcdPkiFiles.apiServerClientCert), client.cert);
  await writeFile(join(pkiDir, etcdPkiFiles.apiServerClientKey), client.key, { mode: 0o600 });
  return { ca };
}

/** flannel's client certificate on node `nodeName`. */
export function issueFlannelEtcdClient(pki: EtcdPki, nodeName: string): CertificateAndKey {
  return issueClientCertificate(pki.ca, `flannel:${nodeName}`);
}
