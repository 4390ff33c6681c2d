// pods/log from the kubelet of the pod's node: kube-apiserver's LogLocation
// (GET https://NODE:PORT/containerLogs/NS/POD/CONTAINER with the log options
// as the query) and the kubelet's answer streamed back. A pod whose node serves
// no kubelet API (unbound, or on a node publishing kubelet port 0: a simulated
// node) is left to the next source.
import type { Readable } from 'node:stream';
import { kubeletError, type KubeletClient } from '../kubelet-client.ts';
import type { KubeObject } from '../object.ts';
import type { PodLogOptions, PodLogSource } from './pod-log.ts';

export function containerLogsPath(pod: KubeObject, options: PodLogOptions): string {
  const q = new URLSearchParams();
  if (options.follow) q.set('follow', 'true');
  if (options.previous) q.set('previous', 'true');
  if (options.timestamps) q.set('timestamps', 'true');
  if (options.tailLines !== undefined) q.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) q.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) q.set('sinceTime', options.sinceTime);
  if (options.limitBytes !== undefined) q.set('limitBytes', String(options.limitBytes));
  const query = q.toString();
  const path = [pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', options.container].map(encodeURIComponent).join('/');
  return `/containerLogs/${path}${query ? `?${query}` : ''}`;
}

export function kubeletPodLogs(kubelets: KubeletClient, otherwise: PodLogSource): PodLogSource {
  return {
    async open(pod: KubeObject, options: PodLogOptions): Promise<Readable | undefined> {
      const endpoint = await kubelets.endpointForPod(pod);
      if (!endpoint) return otherwise.open(pod, options);
      const response = await kubelets.get(endpoint, containerLogsPath(pod, options));
      if (response.statusCode !== 200) throw await kubeletError(response, 'pods/log', pod.metadata?.name ?? '');
      return response;
    },
  };
}
