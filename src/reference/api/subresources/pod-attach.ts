// pods/attach: the kubelet path kube-apiserver proxies the upgraded
// connection to, /attach/NS/POD/CONTAINER?input=1&output=1&error=1&tty=1.
import type { KubeObject } from '../object.ts';
import { podTargetPath, streamOptions, streamQuery } from './pod-exec.ts';

export function attachPath(pod: KubeObject, q: URLSearchParams): string {
  const options = streamOptions(pod, q, 'attach');
  return `${podTargetPath('attach', pod, options.container)}?${streamQuery(options)}`;
}
