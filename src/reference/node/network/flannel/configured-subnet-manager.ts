// The subnet manager a node agent's flannel section asks for: kube with
// netConfFile, or etcd with the etcd section, whose client presents the
// node's certificate (flanneld's --etcd-cafile, --etcd-certfile,
// --etcd-keyfile) and is closed with the manager.
import { Etcd3 } from 'etcd3';
import type { ApiClient } from '../../../../kube/api-client.ts';
import { etcdClientOptions, readEtcdTls } from '../../../store/etcd-client-options.ts';
import type { FlannelConfig } from '../../agent-config.ts';
import { EtcdSubnetManager } from './etcd-subnet-manager.ts';
import { KubeSubnetManager } from './kube-subnet-manager.ts';
import type { SubnetManager } from './subnet-manager.ts';

export interface ConfiguredSubnetManager {
  manager: SubnetManager;
  /** etcd: whether this node leases its pod subnet itself rather than taking its Node's podCIDR. */
  leasesPodSubnet: boolean;
  /** Closes what the manager connected (the etcd client); call after the manager stopped. */
  close(): void;
}

export interface SubnetManagerContext {
  client: ApiClient;
  nodeName: string;
  log(message: string): void;
}

export async function configuredSubnetManager(flannel: FlannelConfig, context: SubnetManagerContext): Promise<ConfiguredSubnetManager> {
  const { etcd, netConfFile } = flannel;
  if (etcd) {
    const client = new Etcd3(etcdClientOptions(etcd.endpoints, await readEtcdTls(etcd)));
    const manager = new EtcdSubnetManager({ client, prefix: etcd.prefix, subnetFile: flannel.subnetFile, log: context.log });
    return { manager, leasesPodSubnet: true, close: () => client.close() };
  }
  if (!netConfFile) throw new Error('flannel: the configuration names no subnet manager (netConfFile or etcd)');
  const manager = new KubeSubnetManager({ client: context.client, nodeName: context.nodeName, netConfFile, log: context.log });
  return { manager, leasesPodSubnet: false, close: () => undefined };
}
