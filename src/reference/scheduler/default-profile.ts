// kube-scheduler's default profile: its filter order and its score weights.
import type { FilterPlugin, ScorePlugin } from './framework.ts';
import { balancedAllocation } from './plugins/balanced-allocation.ts';
import { interPodAffinity, interPodAffinityScore } from './plugins/inter-pod-affinity.ts';
import { nodeAffinity, nodeAffinityScore } from './plugins/node-affinity.ts';
import { nodeName } from './plugins/node-name.ts';
import { nodePorts } from './plugins/node-ports.ts';
import { nodeResourcesFit, nodeResourcesFitScore } from './plugins/node-resources-fit.ts';
import { nodeUnschedulable } from './plugins/node-unschedulable.ts';
import { podTopologySpread, podTopologySpreadScore } from './plugins/pod-topology-spread.ts';
import { taintToleration, taintTolerationScore } from './plugins/taint-toleration.ts';
import { volumeBinding } from './plugins/volume-binding.ts';

export interface Profile {
  schedulerName: string;
  filters: readonly FilterPlugin[];
  scorers: readonly ScorePlugin[];
}

export const defaultSchedulerName = 'default-scheduler';

export function defaultProfile(schedulerName = defaultSchedulerName): Profile {
  return {
    schedulerName,
    filters: [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, volumeBinding, podTopologySpread, interPodAffinity],
    scorers: [taintTolerationScore, nodeAffinityScore, nodeResourcesFitScore, podTopologySpreadScore, interPodAffinityScore, balancedAllocation],
  };
}
