// Pods as `kubectl get pods` shows them (upstream printPod): READY counts,
// the STATUS reason (Init:0/1, CrashLoopBackOff, Completed, Terminating...),
// RESTARTS with the time of the last one, and the wide IP/NODE columns.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn, wide } from './columns.ts';
import type { Container } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import type { PrintedRow, Printer, TableRowCondition } from './table-types.ts';

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
}

interface Pod extends KubeObject {
  spec?: { containers?: Container[]; initContainers?: Container[]; nodeName?: string; readinessGates?: { conditionType: string }[] };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: PodCondition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
  };
}

/** The reason the node lifecycle controller gives pods on a node that stopped reporting. */
const nodeUnreachablePodReason = 'NodeLost';

const completed = (reason: string, message: string): TableRowCondition[] => [{ type: 'Completed', status: 'True', reason, message }];
const podSucceeded = completed('Succeeded', 'The pod has completed successfully.');
const podFailed = completed('Failed', 'The pod failed.');

function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Tracks the latest container termination: the "(5m ago)" of RESTARTS. */
class LastRestart {
  at: number | undefined;
  see(status: ContainerStatus): void {
    const finished = status.lastState?.terminated?.finishedAt;
    const t = finished ? Date.parse(finished) : NaN;
    if (!Number.isNaN(t) && (this.at === undefined || this.at < t)) this.at = t;
  }
}

function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS of a pod, by upstream's rules. */
export function podSummary(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = new Map((spec.initContainers ?? []).map((c) => [c.name ?? '', c]));
  const total = (spec.containers ?? []).length + (spec.initContainers ?? []).filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  const last = new LastRestart();
  const lastSidecar = new LastRestart();
  let reason = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    last.see(c);
    const sidecar = isRestartable(initContainers.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecar.see(c);
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    last.at = lastSidecar.at;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      last.see(c);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated, '');
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod with a container still running is not Completed.
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && status.reason === nodeUnreachablePodReason) reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && last.at !== undefined ? `${restarts} (${timeSince(new Date(last.at).toISOString(), now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

const podStatus = apiType('core.v1', 'PodStatus');
const podSpec = apiType('core.v1', 'PodSpec');

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    wide('IP', 'string', fieldDoc(podStatus, 'podIP')),
    wide('Node', 'string', fieldDoc(podSpec, 'nodeName')),
    wide('Nominated Node', 'string', fieldDoc(podStatus, 'nominatedNodeName')),
    wide('Readiness Gates', 'string', fieldDoc(podSpec, 'readinessGates')),
  ],
  row(obj: KubeObject, now: number): PrintedRow {
    const pod = obj as Pod;
    const s = podSummary(pod, now);
    const row: PrintedRow = {
      cells: [
        pod.metadata?.name ?? '',
        s.ready,
        s.status,
        s.restarts,
        timeSince(pod.metadata?.creationTimestamp, now),
        pod.status?.podIPs?.[0]?.ip || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod),
      ],
    };
    if (pod.status?.phase === 'Succeeded') row.conditions = podSucceeded;
    if (pod.status?.phase === 'Failed') row.conditions = podFailed;
    return row;
  },
};
