// The node agent for real, on the shared 3-node cluster in containers
// (test/helpers/container-cluster.ts): pods are crun containers in their own
// network namespaces on each worker's bridge, probed from the node over the
// bridge, restarted with back-off, their claims' data kept on the node.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import t from 'tap';
import { kubectl, sharedTestCluster } from '../../helpers/container-cluster.ts';

interface PodJson {
  metadata: { name: string };
  spec: { nodeName?: string };
  status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount: number; state: Record<string, { reason?: string }> }[] };
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(base!) / size);
}

t.test('pods on real nodes', async (t) => {
  const cluster = await sharedTestCluster();
  const ns = `node-agent-${randomBytes(3).toString('hex')}`;
  const k = async (args: string[], input?: string) => {
    const r = await kubectl(cluster, ['-n', ns, ...args], input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await kubectl(cluster, ['create', 'namespace', ns]);
  t.teardown(() => kubectl(cluster, ['delete', 'namespace', ns, '--wait=false']));

  await t.test('a Deployment of the probe image, one pod per worker (anti-affinity), Ready, with IPs of each node’s podCIDR', async (t) => {
    await k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'probe' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'probe' } },
        template: {
          metadata: { labels: { app: 'probe' } },
          spec: {
            affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'probe' } } }] } },
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'probe',
                image: 'kdrill/probe:latest',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: 9376 }],
                readinessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 2 },
                livenessProbe: { tcpSocket: { port: 9376 }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    }));
    await k(['rollout', 'status', 'deployment/probe', '--timeout=180s']);
    const pods = JSON.parse(await k(['get', 'pods', '-l', 'app=probe', '-o', 'json'])).items as PodJson[];
    t.equal(pods.length, 2);
    t.same([...new Set(pods.map((p) => p.spec.nodeName))].sort(), [...cluster.workers].sort(), 'on both workers');
    const nodes = JSON.parse((await kubectl(cluster, ['get', 'nodes', '-o', 'json'])).stdout).items as { metadata: { name: string }; spec: { podCIDR: string } }[];
    for (const p of pods) {
      const cidr = nodes.find((n) => n.metadata.name === p.spec.nodeName)?.spec.podCIDR ?? '';
      t.ok(ipInCidr(p.status.podIP ?? '', cidr), `${p.metadata.name}: ${p.status.podIP} in ${cidr}`);
      t.match(p.status.conditions?.find((c) => c.type === 'Ready'), { status: 'True' });
    }
  });

  await t.test('restart policies: OnFailure backs off (events), Never ends; a failing liveness probe restarts', async (t) => {
    await k(['run', 'crash', '--image=busybox:1.35', '--restart=OnFailure', '--', 'sh', '-c', 'exit 1']);
    await k(['run', 'done', '--image=busybox:1.35', '--restart=Never', '--', 'true']);
    await k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unlive' },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.35', command: ['sleep', '3600'], livenessProbe: { exec: { command: ['false'] }, periodSeconds: 2, failureThreshold: 1 } }] },
    }));
    await k(['wait', 'pod/crash', '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff', '--timeout=120s']);
    const events = await k(['get', 'events', '--field-selector', 'involvedObject.name=crash', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    t.match(events, /BackOff: Back-off restarting failed container crash in pod crash_/);
    await k(['wait', 'pod/unlive', '--for=jsonpath={.status.containerStatuses[0].restartCount}=1', '--timeout=120s']);
    const unlive = await k(['get', 'events', '--field-selector', 'involvedObject.name=unlive', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    t.match(unlive, /Killing: Container c failed liveness probe, will be restarted/);
    await k(['run', 'last-words', '--image=busybox:1.35', '--restart=Never', '--', 'sh', '-c', 'echo goodbye > /dev/termination-log; exit 3']);
    await k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'log-words' },
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.35', command: ['sh', '-c', 'echo from the log; exit 4'], terminationMessagePolicy: 'FallbackToLogsOnError' }] },
    }));
    await k(['wait', 'pod/last-words', 'pod/log-words', '--for=jsonpath={.status.phase}=Failed', '--timeout=60s']);
    t.equal(await k(['get', 'pod', 'last-words', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.message}']), 'goodbye', 'the termination message file (execa drops the last newline)');
    t.equal(await k(['get', 'pod', 'log-words', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.message}']), 'from the log', 'FallbackToLogsOnError');
    await k(['wait', 'pod/done', '--for=jsonpath={.status.phase}=Succeeded', '--timeout=60s']);
    t.equal(await k(['get', 'pod', 'done', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.reason}']), 'Completed', 'restartPolicy Never: Succeeded');
  });

  await t.test('init containers then a sidecar, and every volume kind seen from inside the container', async (t) => {
    await k(['create', 'configmap', 'settings', '--from-literal=mode=fast']);
    await k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
    const checks = [
      'test "$(cat /work/ready)" = done',
      'test "$(cat /cfg/mode)" = fast',
      'test "$(cat /sec/password)" = s3cret',
      'grep -q \'app="vols"\' /info/labels',
      'test -s /projected/token',
      'test "$(cat /projected/mode)" = fast',
      'grep -q " /ram tmpfs " /proc/mounts',
      'test -d /host',
    ].join(' && ');
    await k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'vols', labels: { app: 'vols' } },
      spec: {
        terminationGracePeriodSeconds: 1,
        volumes: [
          { name: 'work', emptyDir: {} },
          { name: 'ram', emptyDir: { medium: 'Memory' } },
          { name: 'cfg', configMap: { name: 'settings' } },
          { name: 'sec', secret: { secretName: 'creds' } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { name: 'projected', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'settings' } }] } },
          { name: 'host', hostPath: { path: `/tmp/${ns}`, type: 'DirectoryOrCreate' } },
        ],
        initContainers: [
          { name: 'init', image: 'busybox:1.35', command: ['sh', '-c', 'echo done > /work/ready'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
          { name: 'sidecar', image: 'busybox:1.35', command: ['sleep', '3600'], restartPolicy: 'Always' },
        ],
        containers: [
          {
            name: 'main',
            image: 'busybox:1.35',
            command: ['sleep', '3600'],
            volumeMounts: [
              { name: 'work', mountPath: '/work' },
              { name: 'ram', mountPath: '/ram' },
              { name: 'cfg', mountPath: '/cfg' },
              { name: 'sec', mountPath: '/sec' },
              { name: 'info', mountPath: '/info' },
              { name: 'projected', mountPath: '/projected' },
              { name: 'host', mountPath: '/host' },
            ],
            readinessProbe: { exec: { command: ['sh', '-c', checks] }, periodSeconds: 2 },
          },
        ],
      },
    }));
    const ready = await kubectl(cluster, ['-n', ns, 'wait', 'pod/vols', '--for=condition=Ready', '--timeout=120s']);
    if (ready.exitCode !== 0) {
      const events = await k(['get', 'events', '--field-selector', 'involvedObject.name=vols', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
      t.fail(`pod vols not Ready: ${ready.stderr}\n${events}`);
      return;
    }
    const pod = JSON.parse(await k(['get', 'pod', 'vols', '-o', 'json'])) as { spec: { nodeName: string }; status: { initContainerStatuses: { name: string; state: Record<string, unknown> }[] } };
    t.teardown(() => execa('docker', ['exec', pod.spec.nodeName, 'rm', '-rf', `/tmp/${ns}`], { reject: false }));
    t.match(pod.status.initContainerStatuses, [
      { name: 'init', state: { terminated: { reason: 'Completed' } } },
      { name: 'sidecar', state: { running: {} } },
    ]);
  });

  await t.test('a claim’s data survives its pod', async (t) => {
    const sc = `hostpath-${ns}`;
    await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: sc }, provisioner: 'kdrill.dev/hostpath', volumeBindingMode: 'WaitForFirstConsumer' }) });
    t.teardown(() => kubectl(cluster, ['delete', 'storageclass', sc, '--wait=false']));
    await k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: sc, resources: { requests: { storage: '10Mi' } } },
    }));
    const pod = (name: string, command: string, check: string) => JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        terminationGracePeriodSeconds: 1,
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        containers: [{ name: 'c', image: 'busybox:1.35', command: ['sh', '-c', command], volumeMounts: [{ name: 'data', mountPath: '/data' }], readinessProbe: { exec: { command: ['sh', '-c', check] }, periodSeconds: 1 } }],
      },
    });
    await k(['apply', '-f', '-'], pod('writer', `echo kept-${ns} > /data/file && exec sleep 3600`, 'test -f /data/file'));
    await k(['wait', 'pod/writer', '--for=condition=Ready', '--timeout=120s']);
    await k(['delete', 'pod', 'writer', '--timeout=60s']);
    await k(['apply', '-f', '-'], pod('reader', 'exec sleep 3600', `grep -q kept-${ns} /data/file`));
    await k(['wait', 'pod/reader', '--for=condition=Ready', '--timeout=120s']);
    t.pass('the second pod reads what the first wrote');
  });
});
