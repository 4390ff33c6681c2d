// Deployments, ReplicaSets, ReplicationControllers, DaemonSets, StatefulSets
// and PodTemplates, as upstream's printers show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, containersColumn, fieldDoc, imagesColumn, nameColumn, wide } from './columns.ts';
import { containerCells, count, formatLabels, formatLabelSelector, labelSelectorString, objectName, type Container, type LabelSelector } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Container[]; nodeSelector?: Record<string, string> };
}

interface Workload extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec };
  status?: {
    replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number;
    desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number;
    updatedNumberScheduled?: number; numberAvailable?: number;
  };
}

interface ReplicationController extends KubeObject {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number };
}

const age = (o: KubeObject, now: number) => timeSince(o.metadata?.creationTimestamp, now);
const selectorColumn = (definition: string) => wide('Selector', 'string', fieldDoc(definition, 'selector'));
const readyColumn = column('Ready', 'string', 'Number of the pod with ready state');

export const deploymentPrinter = printer<Workload>(
  [
    nameColumn(),
    readyColumn,
    column('Up-to-date', 'string', fieldDoc(apiType('apps.v1', 'DeploymentStatus'), 'updatedReplicas')),
    column('Available', 'string', fieldDoc(apiType('apps.v1', 'DeploymentStatus'), 'availableReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(apiType('apps.v1', 'DeploymentSpec')),
  ],
  (d, now) => [
    objectName(d),
    `${count(d.status?.readyReplicas)}/${count(d.spec?.replicas)}`,
    count(d.status?.updatedReplicas),
    count(d.status?.availableReplicas),
    age(d, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    labelSelectorString(d.spec?.selector),
  ],
);

export const replicaSetPrinter = printer<Workload>(
  [
    nameColumn(),
    column('Desired', 'integer', fieldDoc(apiType('apps.v1', 'ReplicaSetSpec'), 'replicas')),
    column('Current', 'integer', fieldDoc(apiType('apps.v1', 'ReplicaSetStatus'), 'replicas')),
    column('Ready', 'integer', fieldDoc(apiType('apps.v1', 'ReplicaSetStatus'), 'readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(apiType('apps.v1', 'ReplicaSetSpec')),
  ],
  (rs, now) => [
    objectName(rs),
    count(rs.spec?.replicas),
    count(rs.status?.replicas),
    count(rs.status?.readyReplicas),
    age(rs, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ],
);

export const replicationControllerPrinter = printer<ReplicationController>(
  [
    nameColumn(),
    column('Desired', 'integer', fieldDoc(apiType('core.v1', 'ReplicationControllerSpec'), 'replicas')),
    column('Current', 'integer', fieldDoc(apiType('core.v1', 'ReplicationControllerStatus'), 'replicas')),
    column('Ready', 'integer', fieldDoc(apiType('core.v1', 'ReplicationControllerStatus'), 'readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(apiType('core.v1', 'ReplicationControllerSpec')),
  ],
  (rc, now) => [
    objectName(rc),
    count(rc.spec?.replicas),
    count(rc.status?.replicas),
    count(rc.status?.readyReplicas),
    age(rc, now),
    ...containerCells(rc.spec?.template?.spec?.containers),
    formatLabels(rc.spec?.selector),
  ],
);

const daemonSetStatus = apiType('apps.v1', 'DaemonSetStatus');

export const daemonSetPrinter = printer<Workload>(
  [
    nameColumn(),
    column('Desired', 'integer', fieldDoc(daemonSetStatus, 'desiredNumberScheduled')),
    column('Current', 'integer', fieldDoc(daemonSetStatus, 'currentNumberScheduled')),
    column('Ready', 'integer', fieldDoc(daemonSetStatus, 'numberReady')),
    column('Up-to-date', 'integer', fieldDoc(daemonSetStatus, 'updatedNumberScheduled')),
    column('Available', 'integer', fieldDoc(daemonSetStatus, 'numberAvailable')),
    column('Node Selector', 'string', fieldDoc(apiType('core.v1', 'PodSpec'), 'nodeSelector')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(apiType('apps.v1', 'DaemonSetSpec')),
  ],
  (ds, now) => [
    objectName(ds),
    count(ds.status?.desiredNumberScheduled),
    count(ds.status?.currentNumberScheduled),
    count(ds.status?.numberReady),
    count(ds.status?.updatedNumberScheduled),
    count(ds.status?.numberAvailable),
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    age(ds, now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ],
);

export const statefulSetPrinter = printer<Workload>(
  [nameColumn(), readyColumn, ageColumn(), containersColumn(), imagesColumn()],
  (sts, now) => [
    objectName(sts),
    `${count(sts.status?.readyReplicas)}/${count(sts.spec?.replicas)}`,
    age(sts, now),
    ...containerCells(sts.spec?.template?.spec?.containers),
  ],
);

interface PodTemplate extends KubeObject {
  template?: PodTemplateSpec;
}

export const podTemplatePrinter = printer<PodTemplate>(
  [nameColumn(), containersColumn(0), imagesColumn(0), column('Pod Labels', 'string', 'The labels for the pod template.')],
  (pt) => [objectName(pt), ...containerCells(pt.template?.spec?.containers), formatLabels(pt.template?.metadata?.labels)],
);
