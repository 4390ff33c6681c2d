// The node conditions the kubelet's status setters report
// (pkg/kubelet/nodestatus/setters.go): the three pressure conditions (this
// agent has no eviction manager, so never under pressure) and Ready, False
// with the runtime's reason until the container runtime's network is up. A
// condition keeps its lastTransitionTime while its status stays; conditions
// others own (NetworkUnavailable) are kept.
import { timeNow, type NodeCondition } from '../simulated-nodes/node-registration.ts';

const pressure: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
];

const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' } as const;
const networkNotReady = {
  type: 'Ready',
  status: 'False',
  reason: 'KubeletNotReady',
  message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
} as const;

export function nodeConditions(current: NodeCondition[] | undefined, runtimeReady: boolean, nowMs: number): NodeCondition[] {
  const now = timeNow(nowMs);
  const mine = [...pressure, runtimeReady ? ready : networkNotReady];
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  const others = (current ?? []).filter((c) => !mine.some((m) => m.type === c.type));
  return [
    ...others,
    ...mine.map((c) => {
      const before = byType.get(c.type);
      const lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
      return { ...c, lastHeartbeatTime: now, lastTransitionTime };
    }),
  ];
}
