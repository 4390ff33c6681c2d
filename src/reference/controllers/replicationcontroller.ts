// The ReplicationController controller (upstream pkg/controller/replication):
// the ReplicaSet controller run over v1 ReplicationControllers, whose
// selector is a plain map of labels that must all match.
import type { KubeObject } from '../api/object.ts';
import { labelSelectorFromObject, LabelSelector } from '../api/selectors/index.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { startReplicatedKindController, type ReplicatedKind } from './replicaset.ts';

export const replicationControllersPath = '/api/v1/replicationcontrollers';

/** An RC's equality selector; an empty or invalid one selects nothing (an RC always has one after defaulting). */
function equalitySelector(rc: KubeObject): LabelSelector {
  const labels = (rc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!labels || Object.keys(labels).length === 0) return LabelSelector.nothing();
  try {
    return labelSelectorFromObject({ matchLabels: labels });
  } catch {
    return LabelSelector.nothing();
  }
}

export const replicationControllerKind: ReplicatedKind = {
  kind: 'ReplicationController',
  apiVersion: 'v1',
  collectionPath: replicationControllersPath,
  objectPath: (namespace, name) => `/api/v1/namespaces/${namespace}/replicationcontrollers/${name}`,
  component: 'replication-controller',
  selector: equalitySelector,
};

export function startReplicationControllerController(ctx: ControllerContext): Promise<Controller> {
  return startReplicatedKindController(ctx, replicationControllerKind);
}
