// The identities the control plane's own components use towards the API
// server, each a client certificate in a kubeconfig of its own, as kubeadm
// writes controller-manager.conf and scheduler.conf: the controller manager
// (system:kube-controller-manager), the scheduler (system:kube-scheduler) and
// the simulated nodes (kdrill:simulated-nodes, a kwok-style component that
// watches every pod and writes the status of all its nodes). The certificates
// are issued again at every start; only the CA has to last.
import { join } from 'node:path';
import { writeKubeconfig } from '../kubeconfig.ts';
import { issueClientCertificate, type CertificateAndKey } from '../pki.ts';
import { controllerManagerUser, schedulerUser, simulatedNodesUser } from './bootstrap-policy.ts';

export interface ComponentKubeconfigs {
  controllerManager: string;
  scheduler: string;
  simulatedNodes: string;
}

export async function writeComponentKubeconfigs(dir: string, o: { clusterName: string; server: string; ca: CertificateAndKey }): Promise<ComponentKubeconfigs> {
  const write = async (file: string, user: string) => {
    const path = join(dir, file);
    await writeKubeconfig(path, { name: o.clusterName, server: o.server, caCertificate: o.ca.cert, clientCertificate: issueClientCertificate(o.ca, user) });
    return path;
  };
  return {
    controllerManager: await write('controller-manager.conf', controllerManagerUser),
    scheduler: await write('scheduler.conf', schedulerUser),
    simulatedNodes: await write('simulated-nodes.conf', simulatedNodesUser),
  };
}
