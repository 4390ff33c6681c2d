// The argv a container starts with: the pod's command and args against the
// image's Entrypoint and Cmd, as the CRI runtimes apply them (Docker's
// rules), with $(VAR) references expanded from the container's environment.
import type { ImageConfig } from './image-store.ts';
import { expand, type Lookup } from './env-expansion.ts';

export function containerArgv(command: string[] | undefined, args: string[] | undefined, image: ImageConfig, env: Lookup): string[] {
  const cmd = (command ?? []).map((word) => expand(word, env));
  const arg = (args ?? []).map((word) => expand(word, env));
  // A command replaces the image's Entrypoint and drops its Cmd; args alone replace the Cmd.
  if (cmd.length > 0) return [...cmd, ...arg];
  if (arg.length > 0) return [...image.entrypoint, ...arg];
  return [...image.entrypoint, ...image.cmd];
}
