// Which containers of a pod a simulated node lets "exit", and with what code.
// Simulated nodes run no processes: a container runs until its pod is deleted,
// unless its command says it exits at once, or the pod asks for an exit code.
import type { KubeObject } from '../api/object.ts';

/**
 * Pod annotation: every container of the pod exits with this code (an integer
 * 0-255) shortly after it starts; the pod's restartPolicy then applies as the
 * kubelet applies it.
 */
export const simulateExitCodeAnnotation = 'kdrill.dev/simulate-exit-code';

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

/** `true`, `/bin/true`, `exit N`, possibly behind `sh -c` / `/bin/sh -c`. */
function exitCodeOfCommand(argv: string[]): number | undefined {
  const words = argv.length === 3 && /^(\/bin\/|\/usr\/bin\/)?(ba)?sh$/.test(argv[0] ?? '') && argv[1] === '-c' ? (argv[2] ?? '').trim().split(/\s+/) : argv;
  if (words.length === 1 && /^(\/bin\/|\/usr\/bin\/)?true$/.test(words[0] ?? '')) return 0;
  if (words.length === 1 && /^(\/bin\/|\/usr\/bin\/)?false$/.test(words[0] ?? '')) return 1;
  if (words.length === 2 && words[0] === 'exit' && /^\d{1,3}$/.test(words[1] ?? '') && Number(words[1]) <= 255) return Number(words[1]);
  return undefined;
}

/** The code the container exits with, or undefined if it runs until stopped. */
export function simulatedExitCode(pod: KubeObject, container: ContainerSpec): number | undefined {
  const annotation = pod.metadata?.annotations?.[simulateExitCodeAnnotation];
  if (annotation !== undefined && /^\d{1,3}$/.test(annotation) && Number(annotation) <= 255) return Number(annotation);
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  return argv.length === 0 ? undefined : exitCodeOfCommand(argv);
}
