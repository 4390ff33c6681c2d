// The APIServices kube-apiserver registers for its own group versions at start
// (the aggregator's autoregister controller): one Local APIService per served
// built-in group version that upstream's priority table knows, named
// VERSION.GROUP ("v1." for the core group) and labelled automanaged onstart,
// so that `kubectl get apiservices` lists them as a cluster does.
import type { KubeObject } from './object.ts';
import type { Registry, WriteContext } from './registry.ts';
import { groupVersions, resourceTypes, type ResourceType } from './resources.ts';
import { ApiError } from './status.ts';

const writer: WriteContext = { fieldManager: 'kube-apiserver', dryRun: false };
const automanagedLabel = 'kube-aggregator.kubernetes.io/automanaged';

/** Upstream's apiVersionPriorities for the group versions this API server serves: [group minimum, version priority]. */
const priorities: Record<string, [number, number]> = {
  '/v1': [18000, 1],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

function apiServicesType(): ResourceType {
  return resourceTypes.find((t) => t.group === 'apiregistration.k8s.io' && t.plural === 'apiservices')!;
}

export function builtinApiServices(): KubeObject[] {
  return groupVersions().flatMap(({ group, version }) => {
    const priority = priorities[`${group}/${version}`];
    if (!priority) return [];
    return [{
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `${version}.${group}`, labels: { [automanagedLabel]: 'onstart' } },
      spec: { group, version, groupPriorityMinimum: priority[0], versionPriority: priority[1] },
    }];
  });
}

/** Creates the missing ones and puts back the spec of changed ones. */
export async function registerBuiltinApiServices(registry: Registry): Promise<void> {
  const t = apiServicesType();
  for (const desired of builtinApiServices()) {
    const name = desired.metadata!.name!;
    const current = await registry.tryGet(t, undefined, name);
    if (!current) {
      try {
        await registry.create(t, undefined, desired, writer);
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
      }
    } else if (JSON.stringify(current.obj.spec) !== JSON.stringify(desired.spec)) {
      await registry.write(t, undefined, name, (obj) => ({ ...obj!, spec: desired.spec }), writer);
    }
  }
}
