// Real kubectl 1.34 against the reference control plane: its typed commands
// send protobuf bodies, and what the decoder makes of each is what kubectl
// itself prints as JSON for the same command (--dry-run=client -o json).
import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KubeObject } from '../../../../src/reference/api/object.ts';
import { decodeProtobufObject, protobufMediaType } from '../../../../src/reference/api/protobuf/decode-object.ts';
import { kubectlPath } from '../../../helpers/client-tools.ts';
import { startRecordedControlPlane } from './fixtures/recorded-control-plane.ts';

const run = promisify(execFile);
const controlPlane = await startRecordedControlPlane(t);

async function kubectl(...args: string[]): Promise<string> {
  return (await run(kubectlPath(), ['--kubeconfig', controlPlane.kubeconfig, ...args])).stdout;
}

/** The same command printing its object instead of sending it; flags go before a `--`. */
function dryRun(args: string[]): string[] {
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  return [...args.slice(0, end), '--dry-run=client', '-o', 'json', ...args.slice(end)];
}

interface Case {
  args: string[];
  /** What `kubectl get` takes to read the object back. */
  object: [string, string];
  sentAs: 'protobuf' | 'json';
  /** kubectl's JSON made into what Go's JSON would give from the protobuf body, where the decoder cannot tell. */
  expected?: (printed: KubeObject) => KubeObject;
}

const cases: Case[] = [
  { args: ['create', 'configmap', 'a', '--from-literal=k=v'], object: ['configmap', 'a'], sentAs: 'protobuf' },
  { args: ['create', 'secret', 'generic', 's', '--from-literal=p=x'], object: ['secret', 's'], sentAs: 'protobuf' },
  {
    args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
    object: ['deployment', 'web'],
    sentAs: 'protobuf',
    // DeploymentStatus.replicas 0: struct tags disagree on omitempty for replicas 1, so the zero stays (go-json.ts).
    expected: (printed) => ({ ...printed, status: { replicas: 0 } }),
  },
  { args: ['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], object: ['service', 'web'], sentAs: 'protobuf' },
  { args: ['create', 'job', 'j', '--image=busybox'], object: ['job', 'j'], sentAs: 'protobuf' },
  { args: ['create', 'priorityclass', 'high', '--value=1000'], object: ['priorityclass', 'high'], sentAs: 'protobuf' },
  // kubectl run builds its pod as unstructured data and sends JSON.
  { args: ['run', 'p', '--image=busybox', '--labels=a=b', '--', 'sleep', '3600'], object: ['pod', 'p'], sentAs: 'json' },
];

for (const c of cases) {
  t.test(`kubectl ${c.args.join(' ')}`, async (t) => {
    const printed = JSON.parse(await kubectl(...dryRun(c.args))) as KubeObject;
    const from = controlPlane.requests.length;
    await kubectl(...c.args);
    const posts = controlPlane.requests.slice(from).filter((r) => r.method === 'POST');
    t.equal(posts.length, 1, 'one POST');
    const post = posts[0]!;
    t.equal(post.contentType, c.sentAs === 'protobuf' ? protobufMediaType : 'application/json');
    const sent = c.sentAs === 'protobuf' ? decodeProtobufObject(post.body) : (JSON.parse(post.body.toString()) as KubeObject);
    t.strictSame(sent, c.expected ? c.expected(printed) : printed, 'the body is what kubectl prints as JSON');
    const { status: _status, ...written } = sent;
    const stored = JSON.parse(await kubectl('get', ...c.object, '-o', 'json')) as KubeObject;
    t.match(stored, written, 'the stored object has what was sent, with defaults and server fields besides');
  });
}
