// Environment and volumes as the node agent prepares them for a container:
// env from values, the downward API, ConfigMaps, Secrets and Services; every
// volume kind on the node's disk, and a claim's data outliving its pod. The
// runtime is a stand-in (fixtures/process-runtime.ts) that records what the
// agent asked for, so these tests read the ContainerConfig and the node's files.
import { access, mkdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { ApiRequestError } from '../../../src/kube/api-client.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import type { ContainerConfig } from '../../../src/reference/node/container-runtime.ts';
import { startAgentCluster } from './fixtures/agent-cluster.ts';
import { condition, createPod, waitForEvent, waitForPod, waitForPodGone } from './fixtures/pod-waits.ts';

t.test('env and volumes', async (t) => {
  const c = await startAgentCluster(t);
  c.images.add(['busybox:1.35'], { env: ['PATH=/usr/bin:/bin', 'OVERRIDDEN=image'] });
  const ns = '/api/v1/namespaces/default';
  await c.client.create(`${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast', 'app.conf': 'a=1\n' } });
  await c.client.create(`${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: Buffer.from('s3cret').toString('base64') } });
  // The control plane may make these itself (the kubernetes Service, the default ServiceAccount).
  const ensure = (path: string, body: KubeObject) => c.client.create(path, body).catch((err) => (err instanceof ApiRequestError && err.code === 409 ? undefined : Promise.reject(err)));
  await ensure(`${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  await ensure(`${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes' }, spec: { ports: [{ name: 'https', port: 443 }] } });
  await c.client.create(`${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-front' }, spec: { ports: [{ port: 80 }] } });
  const started = (pod: string, container: string): ContainerConfig | undefined =>
    c.runtime.started.find((s) => s.config.name === container && s.config.logPath.includes(`/default_${pod}_`))?.config;

  await t.test('env: values, $(VAR), fieldRef, resourceFieldRef, configMap and secret keys, envFrom, services', async (t) => {
    await createPod(
      c,
      'env',
      {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.35',
            command: ['sh', '-c', 'exec sleep 300'],
            args: ['$(GREETING)'],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }],
            env: [
              { name: 'NAME', value: 'world' },
              { name: 'GREETING', value: 'hello $(NAME) $(MISSING) $$(NAME)' },
              { name: 'OVERRIDDEN', value: 'pod' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
              { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
              { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
            ],
          },
        ],
      },
      { labels: { app: 'shop' } },
    );
    await waitForPod(c, 'env', (p) => p.status?.phase === 'Running');
    const config = started('env', 'c')!;
    t.match(config.env, {
      NAME: 'world',
      GREETING: 'hello world $(MISSING) $(NAME)',
      OVERRIDDEN: 'pod',
      PATH: '/usr/bin:/bin',
      POD_NAME: 'env',
      POD_IP: '127.0.0.1',
      NODE: 'worker-1',
      APP: 'shop',
      MEM_MI: '128',
      MODE: 'fast',
      PASSWORD: 's3cret',
      CFG_mode: 'fast',
      CFG_app_conf: undefined,
      'CFG_app.conf': 'a=1\n',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_HOST: /^\d+\.\d+\.\d+\.\d+$/,
      WEB_FRONT_SERVICE_PORT: '80',
      WEB_FRONT_PORT_80_TCP_PROTO: 'tcp',
    });
    t.notOk('OPTIONAL' in config.env, 'an optional missing secret leaves the variable out');
    t.same(config.argv, ['sh', '-c', 'exec sleep 300', 'hello world $(MISSING) $(NAME)']);
    t.same(config.resources, { cpuMillis: 500, memoryBytes: 128 * 1024 * 1024 });

    await createPod(c, 'env-missing', { containers: [{ name: 'c', image: 'busybox:1.35', command: ['true'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } }] }] });
    const waiting = await waitForPod(c, 'env-missing', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CreateContainerConfigError');
    t.equal(waiting.status?.containerStatuses?.[0]?.state.waiting?.message, "couldn't find key nope in ConfigMap default/settings");
  });

  await t.test('volumes of every kind, and a claim’s data outliving the pod', async (t) => {
    const hostDir = join(c.config.rootDir, '..', 'host-data');
    const pvDir = join(c.config.rootDir, '..', 'pv-data');
    await c.client.create('/api/v1/persistentvolumes', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: pvDir, type: 'DirectoryOrCreate' }, storageClassName: 'manual' },
    });
    await c.client.create(`${ns}/persistentvolumeclaims`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'manual', volumeName: 'pv-1' },
    });
    // No binder controller runs here: bind the claim as it would.
    await c.client.patch(`${ns}/persistentvolumeclaims/data/status`, 'merge', { status: { phase: 'Bound', capacity: { storage: '1Gi' } } });
    const created = await createPod(
      c,
      'vols',
      {
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          { name: 'host', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
          { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }] } },
          { name: 'sec', secret: { secretName: 'creds' } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
          {
            name: 'all',
            projected: {
              sources: [
                { configMap: { name: 'settings', items: [{ key: 'mode', path: 'mode' }] } },
                { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
                { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
              ],
            },
          },
          { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
        ],
        containers: [
          {
            name: 'c',
            image: 'busybox:1.35',
            command: ['sleep', '300'],
            volumeMounts: [
              { name: 'scratch', mountPath: '/scratch' },
              { name: 'ram', mountPath: '/ram' },
              { name: 'host', mountPath: '/host', readOnly: true },
              { name: 'cfg', mountPath: '/etc/app' },
              { name: 'sec', mountPath: '/secrets' },
              { name: 'info', mountPath: '/info' },
              { name: 'all', mountPath: '/all' },
              { name: 'claim', mountPath: '/data', subPath: 'sub' },
            ],
          },
        ],
      },
      { labels: { app: 'shop' } },
    );
    await waitForPod(c, 'vols', (p) => condition(p, 'Ready')?.status === 'True');
    const uid = created.metadata?.uid ?? '';
    const volumes = join(c.config.rootDir, 'pods', uid, 'volumes');
    const mounts = Object.fromEntries(started('vols', 'c')!.mounts.map((m) => [m.containerPath, m]));
    t.same(mounts['/scratch'], { hostPath: join(volumes, 'kubernetes.io~empty-dir', 'scratch'), containerPath: '/scratch', readOnly: false });
    t.same(mounts['/host'], { hostPath: hostDir, containerPath: '/host', readOnly: true });
    t.same(mounts['/etc/app'], { hostPath: join(volumes, 'kubernetes.io~configmap', 'cfg'), containerPath: '/etc/app', readOnly: true });
    t.same(mounts['/data'], { hostPath: join(pvDir, 'sub'), containerPath: '/data', readOnly: false });
    await t.resolves(access(hostDir), 'hostPath DirectoryOrCreate made the directory');
    const ramMounted = (await readFile('/proc/self/mountinfo', 'utf8')).includes(` ${join(volumes, 'kubernetes.io~empty-dir', 'ram')} `);
    t.ok(ramMounted, 'emptyDir medium Memory is a tmpfs');
    const cfg = join(volumes, 'kubernetes.io~configmap', 'cfg');
    t.equal(await readFile(join(cfg, 'conf', 'app.conf'), 'utf8'), 'a=1\n');
    t.match(await readlink(join(cfg, '..data')), /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/, 'files behind the ..data symlink, as the atomic writer lays them out');
    t.equal(await readFile(join(volumes, 'kubernetes.io~secret', 'sec', 'password'), 'utf8'), 's3cret');
    t.equal(await readFile(join(volumes, 'kubernetes.io~downward-api', 'info', 'labels'), 'utf8'), 'app="shop"');
    t.equal(await readFile(join(volumes, 'kubernetes.io~downward-api', 'info', 'name'), 'utf8'), 'vols');
    const all = join(volumes, 'kubernetes.io~projected', 'all');
    t.equal(await readFile(join(all, 'mode'), 'utf8'), 'fast');
    t.equal(await readFile(join(all, 'ns'), 'utf8'), 'default');
    t.match(await readFile(join(all, 'token'), 'utf8'), /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a bound service account token from the TokenRequest API');

    await writeFile(join(pvDir, 'sub', 'kept.txt'), 'still here');
    await c.client.delete(`${ns}/pods/vols`);
    await waitForPodGone(c, 'vols');
    await t.rejects(access(join(c.config.rootDir, 'pods', uid)), 'the pod’s own volumes are gone');
    t.notOk((await readFile('/proc/self/mountinfo', 'utf8')).includes(uid), 'the tmpfs is unmounted');
    t.equal(await readFile(join(pvDir, 'sub', 'kept.txt'), 'utf8'), 'still here', 'the claim’s data outlives the pod');
    await t.resolves(access(hostDir), 'hostPath stays');
  });

  await t.test('a volume that cannot be set up: FailedMount, the pod waits', async (t) => {
    const file = join(c.config.rootDir, '..', 'not-a-dir');
    await mkdir(join(c.config.rootDir, '..'), { recursive: true });
    await writeFile(file, 'x');
    await createPod(c, 'bad-mount', {
      volumes: [{ name: 'h', hostPath: { path: file, type: 'Directory' } }],
      containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '300'], volumeMounts: [{ name: 'h', mountPath: '/h' }] }],
    });
    const events = await waitForEvent(c, 'bad-mount', (e) => e.reason === 'FailedMount');
    t.match(events.find((e) => e.reason === 'FailedMount'), {
      type: 'Warning',
      message: `MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${file} is not a directory`,
    });
    const pod = await waitForPod(c, 'bad-mount', (p) => (p.status?.containerStatuses ?? []).length > 0);
    t.equal(pod.status?.phase, 'Pending');
    t.match(pod.status?.containerStatuses?.[0], { state: { waiting: { reason: 'ContainerCreating' } } });
  });
});
