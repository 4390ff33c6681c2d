// PodSpec defaults, for Pods and for every pod template (SetDefaults_PodSpec
// and the defaulters of what a spec holds).
import { isObj, objs, str, type Obj } from '../validation/object-access.ts';
import { defaultContainer } from './container.ts';
import { canonicalResourceList } from './quantities.ts';
import { defaultVolume } from './volume.ts';

export function defaultPodSpec(spec: Obj): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of objs(spec[field])) defaultContainer(c);
  for (const volume of objs(spec.volumes)) defaultVolume(volume);
  canonicalResourceList(spec.overhead);
  if (isObj(spec.resources)) {
    canonicalResourceList(spec.resources.limits);
    canonicalResourceList(spec.resources.requests);
  }
  // v1's deprecated serviceAccount mirrors serviceAccountName both ways (conversion, not a defaulter).
  const serviceAccount = str(spec.serviceAccountName) || str(spec.serviceAccount);
  if (serviceAccount) {
    spec.serviceAccountName = serviceAccount;
    spec.serviceAccount = serviceAccount;
  }
}
