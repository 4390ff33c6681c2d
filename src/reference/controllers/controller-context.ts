// What every controller of the reference kube-controller-manager is started
// with, and what it hands back. The controller manager (one process with the
// API server) builds one context and starts the controllers from a list.
import type { ApiClient } from '../../kube/api-client.ts';
import type { Informer } from '../../kube/informer.ts';
import type { KubeObject } from '../api/object.ts';

export interface SharedInformers {
  /** The shared informer of a collection path, e.g. /api/v1/pods or /apis/apps/v1/replicasets. */
  for<T extends KubeObject = KubeObject>(path: string): Informer<T>;
}

export interface EventSink {
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface ControllerTimings {
  /** node-monitor-grace-period: a node whose Lease is not renewed for this long goes Unknown (upstream 40 s). */
  nodeMonitorGracePeriodSeconds: number;
  /** How often the node lifecycle controller looks at nodes (upstream 5 s). */
  nodeMonitorPeriodSeconds: number;
  /** Default tolerationSeconds of the not-ready/unreachable NoExecute tolerations (upstream 300 s). */
  defaultTolerationSeconds: number;
}

export interface ControllerContext {
  client: ApiClient;
  informers: SharedInformers;
  /** An event recorder reporting as the named component, e.g. "replicaset-controller". */
  events(component: string): EventSink;
  timings: ControllerTimings;
  log(message: string): void;
}

export interface Controller {
  stop(): Promise<void>;
}

export const defaultTimings: ControllerTimings = {
  nodeMonitorGracePeriodSeconds: 40,
  nodeMonitorPeriodSeconds: 5,
  defaultTolerationSeconds: 300,
};
