// Which user a container runs as: runAsUser/runAsGroup of the container's or
// the pod's securityContext, else the image's User ("uid", "uid:gid", "name"
// or "name:group" looked up in the image's /etc/passwd and /etc/group), else
// root; supplementalGroups from the pod.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedImage } from './image-store.ts';
import type { Container, Pod } from './pod-types.ts';

function lookup(rootfs: string, file: 'passwd' | 'group', name: string): { id: number; gid: number } | undefined {
  let text: string;
  try {
    text = readFileSync(join(rootfs, 'etc', file), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined) return { id: Number(fields[2]), gid: Number(fields[3] ?? fields[2]) };
  }
  return undefined;
}

export class ImageUserError extends Error {}

export function containerUser(pod: Pod, container: Container, image: ResolvedImage): { uid: number; gid: number; supplementalGroups: number[] } {
  const podContext = pod.spec?.securityContext ?? {};
  const context = container.securityContext ?? {};
  const [userPart = '', groupPart] = image.config.user.split(':');
  let uid = 0;
  let gid = 0;
  if (userPart !== '') {
    if (/^\d+$/.test(userPart)) uid = Number(userPart);
    else {
      const entry = lookup(image.rootfs, 'passwd', userPart);
      if (!entry) throw new ImageUserError(`unable to find user ${userPart}: no matching entries in passwd file`);
      uid = entry.id;
      gid = entry.gid;
    }
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const entry = lookup(image.rootfs, 'group', groupPart);
      if (!entry) throw new ImageUserError(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = entry.id;
    }
  }
  const runAsUser = context.runAsUser ?? podContext.runAsUser;
  const runAsGroup = context.runAsGroup ?? podContext.runAsGroup;
  return { uid: runAsUser ?? uid, gid: runAsGroup ?? gid, supplementalGroups: [...(podContext.supplementalGroups ?? [])] };
}
