// What the node agent's HTTPS endpoint (the kubelet API on port 10250) needs
// from the pods the agent runs: a running container to exec into or attach
// to, a pod's address for port forwarding, and the CRI log files of a
// container's current and previous runs.
import type { RunningContainer } from './container-runtime.ts';

export interface PodAccess {
  /** The running container, or undefined when the pod or container is not running here. */
  runningContainer(namespace: string, podName: string, container: string): RunningContainer | undefined;
  /** The pod's address on this node, or undefined when it has no sandbox here. */
  podIP(namespace: string, podName: string): string | undefined;
  /**
   * The CRI log file of a container run, or undefined when there is none:
   * previous false for the current (or last) run, true for the one before it.
   * Rotated files sit beside it as PATH.YYYYMMDD-HHMMSS (UTC), as the kubelet
   * names them; like the kubelet, `kubectl logs` reads only the current file.
   */
  logPath(namespace: string, podName: string, container: string, previous: boolean): string | undefined;
}
