// Container lifecycle handlers (postStart, preStop): exec in the container,
// httpGet or tcpSocket against the pod's address, or sleep, as
// kuberuntime's handler runner runs them, bounded by the time left of the
// grace period.
import { runProbe, type ProbeTarget } from './probes/run-probe.ts';
import type { LifecycleHandler } from './pod-types.ts';

/** Runs handler; resolves with an error message when it failed. */
export async function runLifecycleHandler(handler: LifecycleHandler, target: ProbeTarget, timeoutMs: number): Promise<string | undefined> {
  if (handler.sleep) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(handler.sleep!.seconds * 1000, timeoutMs)));
    return undefined;
  }
  const outcome = await runProbe(handler, target, timeoutMs);
  return outcome.success ? undefined : outcome.output;
}

/** The kubelet's FailedPostStartHook / FailedPreStopHook event text (kuberuntime handler runner). */
export function hookFailureMessage(handler: LifecycleHandler, container: string, podRef: string, failure: string): string {
  const [kind, what] = handler.exec
    ? ['Exec', `[${(handler.exec.command ?? []).join(' ')}]`]
    : handler.httpGet
      ? ['HTTP', handler.httpGet.path ?? '/']
      : ['TCP', String(handler.tcpSocket?.port ?? '')];
  return `${kind} lifecycle hook (${what}) for Container "${container}" in Pod "${podRef}" failed - error: ${failure}`;
}
