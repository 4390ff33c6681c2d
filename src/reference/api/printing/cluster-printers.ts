// Nodes, Namespaces, ComponentStatuses, Leases, PriorityClasses and
// RuntimeClasses, as upstream's printers show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn, wide } from './columns.ts';
import { objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const labelNodeRolePrefix = 'node-role.kubernetes.io/';
const nodeLabelRole = 'kubernetes.io/role';

/** STATUS: Ready or NotReady (Unknown without the condition), then SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** ROLES: from node-role.kubernetes.io/<role> and kubernetes.io/role labels, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (k === nodeLabelRole && v) {
      roles.add(v);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

const nodeInfo = apiType('core.v1', 'NodeSystemInfo');
const nodeStatusDoc = fieldDoc(apiType('core.v1', 'NodeStatus'), 'addresses');

export const nodePrinter = printer<Node>(
  [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', fieldDoc(nodeInfo, 'kubeletVersion')),
    wide('Internal-IP', 'string', nodeStatusDoc),
    wide('External-IP', 'string', nodeStatusDoc),
    wide('OS-Image', 'string', fieldDoc(nodeInfo, 'osImage')),
    wide('Kernel-Version', 'string', fieldDoc(nodeInfo, 'kernelVersion')),
    wide('Container-Runtime', 'string', fieldDoc(nodeInfo, 'containerRuntimeVersion')),
  ],
  (node, now) => {
    const info = node.status?.nodeInfo ?? {};
    return [
      objectName(node),
      nodeStatus(node),
      nodeRoles(node),
      timeSince(node.metadata?.creationTimestamp, now),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
);

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export const namespacePrinter = printer<Namespace>(
  [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  (ns, now) => [objectName(ns), ns.status?.phase ?? '', timeSince(ns.metadata?.creationTimestamp, now)],
);

interface ComponentStatus extends KubeObject {
  conditions?: { type: string; status: string; message?: string; error?: string }[];
}

export const componentStatusPrinter = printer<ComponentStatus>(
  [
    nameColumn(),
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  (cs) => {
    const healthy = cs.conditions?.find((c) => c.type === 'Healthy');
    if (!healthy) return [objectName(cs), 'Unknown', '', ''];
    return [objectName(cs), healthy.status === 'True' ? 'Healthy' : 'Unhealthy', healthy.message ?? '', healthy.error ?? ''];
  },
);

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string };
}

export const leasePrinter = printer<Lease>(
  [nameColumn(), column('Holder', 'string', fieldDoc(apiType('coordination.v1', 'LeaseSpec'), 'holderIdentity')), ageColumn()],
  (lease, now) => [objectName(lease), lease.spec?.holderIdentity ?? '', timeSince(lease.metadata?.creationTimestamp, now)],
);

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

const priorityClass = apiType('scheduling.v1', 'PriorityClass');

export const priorityClassPrinter = printer<PriorityClass>(
  [
    nameColumn(),
    column('Value', 'integer', fieldDoc(priorityClass, 'value')),
    column('Global-Default', 'boolean', fieldDoc(priorityClass, 'globalDefault')),
    ageColumn(),
    // Not a wide column upstream: kubectl always shows it.
    column('PreemptionPolicy', 'string', fieldDoc(priorityClass, 'preemptionPolicy')),
  ],
  (pc, now) => [objectName(pc), pc.value ?? 0, pc.globalDefault ?? false, timeSince(pc.metadata?.creationTimestamp, now), pc.preemptionPolicy ?? ''],
);

interface RuntimeClass extends KubeObject {
  handler?: string;
}

export const runtimeClassPrinter = printer<RuntimeClass>(
  // Upstream documents this column with ObjectMeta's (absent) "handler" field: an empty description.
  [nameColumn(), column('Handler', 'string', fieldDoc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'handler')), ageColumn()],
  (rc, now) => [objectName(rc), rc.handler ?? '', timeSince(rc.metadata?.creationTimestamp, now)],
);
