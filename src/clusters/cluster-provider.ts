// The provider interface: makes (or adopts) a cluster and hands back how to
// reach it. Optional capabilities (node faults, image loading) sit beside it.
import type { ClusterInfo } from '../report/model.ts';

export interface ClusterProvider {
  name: string;
  create(): Promise<ClusterHandle>;
}

export interface ClusterHandle {
  kubeconfigPath: string;
  info(): Promise<ClusterInfo>;
  /** Removes what create made; safe to call more than once. */
  delete(): Promise<void>;
}
