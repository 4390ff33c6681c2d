import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { containerUser } from '../../../src/reference/node/image-user.ts';
import type { ResolvedImage } from '../../../src/reference/node/image-store.ts';

t.test('the user a container runs as', async (t) => {
  const rootfs = await mkdtemp(join(tmpdir(), 'kdrill-rootfs-'));
  t.teardown(() => rm(rootfs, { recursive: true, force: true }));
  await mkdir(join(rootfs, 'etc'));
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:34:www:/var/www:/bin/sh\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nstaff:x:50:\n');
  const image = (user: string): ResolvedImage => ({ names: [], id: 'sha256:x', sizeBytes: 0, rootfs, config: { entrypoint: [], cmd: [], env: [], workingDir: '', user } });
  const pod = (sc = {}) => ({ spec: { securityContext: sc } });
  t.same(containerUser(pod(), { name: 'c' }, image('')), { uid: 0, gid: 0, supplementalGroups: [] }, 'root by default');
  t.same(containerUser(pod(), { name: 'c' }, image('1000:2000')), { uid: 1000, gid: 2000, supplementalGroups: [] });
  t.same(containerUser(pod(), { name: 'c' }, image('www')), { uid: 33, gid: 34, supplementalGroups: [] }, 'a name from the image’s passwd, with its group');
  t.same(containerUser(pod(), { name: 'c' }, image('www:staff')), { uid: 33, gid: 50, supplementalGroups: [] });
  t.same(
    containerUser(pod({ runAsUser: 5, runAsGroup: 6, supplementalGroups: [7, 8] }), { name: 'c', securityContext: { runAsUser: 9 } }, image('www')),
    { uid: 9, gid: 6, supplementalGroups: [7, 8] },
    'the container’s securityContext over the pod’s over the image',
  );
  t.throws(() => containerUser(pod(), { name: 'c' }, image('nobody')), /unable to find user nobody/);
});
