import t from 'tap';
import { ResponseShaper } from '../../../../src/reference/api/printing/response-shaper.ts';
import { resourceTypes } from '../../../../src/reference/api/resources.ts';
import type { ApiWatchEvent, WatchSink } from '../../../../src/reference/api/watch.ts';
import type { KubeObject } from '../../../../src/reference/api/object.ts';

const pods = resourceTypes.find((x) => x.kind === 'Pod')!;
const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const q = (s = '') => new URLSearchParams(s);

function pod(name: string, rv: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'ns', resourceVersion: rv, uid: `uid-${name}`, labels: { app: 'x' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: { phase: 'Pending' },
  };
}

const list = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', continue: 'tok', remainingItemCount: 3 }, items: [pod('a', '10'), pod('b', '11')] };

t.test('a list as a Table: columns, one row each, list metadata kept, rows carry PartialObjectMetadata', async (t) => {
  const out = new ResponseShaper(pods, table, q()).list(list) as Record<string, any>;
  t.equal(out.kind, 'Table');
  t.equal(out.apiVersion, 'meta.k8s.io/v1');
  t.same(out.metadata, { resourceVersion: '42', continue: 'tok', remainingItemCount: 3 });
  t.same(out.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  t.same(Object.keys(out.columnDefinitions[0]).sort(), ['description', 'format', 'name', 'priority', 'type']);
  t.same(out.rows.map((r: { cells: unknown[] }) => r.cells.slice(0, 4)), [['a', '0/1', 'Pending', '0'], ['b', '0/1', 'Pending', '0']]);
  t.same(out.rows[0].object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: list.items[0]!.metadata });
});

t.test('includeObject: Object, None; anything else is 400', async (t) => {
  const full = new ResponseShaper(pods, table, q('includeObject=Object')).list(list) as Record<string, any>;
  t.same(full.rows[1].object, list.items[1]);
  const none = new ResponseShaper(pods, table, q('includeObject=None')).object(pod('a', '10')) as Record<string, any>;
  t.equal(none.rows[0].object, null);
  t.same(none.metadata, { resourceVersion: '10' }, 'one object: its resourceVersion');
  t.throws(() => new ResponseShaper(pods, table, q('includeObject=All')), {
    code: 400,
    message: 'Unable to convert to Table as requested: includeObject: Unsupported value: "All": supported values: "Metadata", "None", "Object"',
  });
  t.doesNotThrow(() => new ResponseShaper(pods, 'application/json', q('includeObject=All')), 'only Tables read includeObject');
});

t.test('PartialObjectMetadata and PartialObjectMetadataList', async (t) => {
  const one = new ResponseShaper(pods, 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1', q()).object(pod('a', '10'));
  t.same(one, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod('a', '10').metadata });
  const many = new ResponseShaper(pods, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1', q()).list(list) as Record<string, any>;
  t.same(many.kind, 'PartialObjectMetadataList');
  t.same(many.apiVersion, 'meta.k8s.io/v1beta1');
  t.same(many.metadata, list.metadata);
  t.same(many.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`), ['PartialObjectMetadata/a', 'PartialObjectMetadata/b']);
  t.throws(() => new ResponseShaper(pods, 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1', q()).list(list), {
    code: 406, reason: 'NotAcceptable', message: 'you requested PartialObjectMetadata, but the requested object is a list (*core.PodList)',
  });
  t.throws(() => new ResponseShaper(pods, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1', q()).object(pod('a', '1')), {
    code: 406, message: 'you requested PartialObjectMetadataList, but the requested object is not a list (*core.Pod)',
  });
});

t.test('watch: Table events, column definitions in the first only; ERROR Status untouched', async (t) => {
  const sent: ApiWatchEvent[] = [];
  let ended = false;
  const sink: WatchSink = { send: (events) => sent.push(...events), end: () => (ended = true) };
  const shaped = new ResponseShaper(pods, table, q()).watchSink(sink);
  shaped.send([{ type: 'ADDED', object: pod('a', '10') }, { type: 'MODIFIED', object: pod('a', '11') }]);
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410 };
  shaped.send([{ type: 'ERROR', object: status }]);
  shaped.end();
  t.ok(ended);
  const [first, second, error] = sent as { type: string; object: Record<string, any> }[];
  t.equal(first!.object.kind, 'Table');
  t.equal(first!.object.columnDefinitions.length, 9);
  t.same(first!.object.rows.map((r: { cells: unknown[] }) => r.cells[0]), ['a']);
  t.equal(second!.type, 'MODIFIED');
  t.equal(second!.object.columnDefinitions, null);
  t.same(second!.object.metadata, { resourceVersion: '11' });
  t.same(error, { type: 'ERROR', object: status });

  const asIs: WatchSink = { send: () => {}, end: () => {} };
  t.equal(new ResponseShaper(pods, 'application/json', q()).watchSink(asIs), asIs, 'no conversion: the sink itself');
});

t.test('watch as PartialObjectMetadata', async (t) => {
  const sent: ApiWatchEvent[] = [];
  const shaped = new ResponseShaper(pods, 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1', q()).watchSink({ send: (e) => sent.push(...e), end: () => {} });
  shaped.send([{ type: 'DELETED', object: pod('a', '12') }]);
  t.same(sent, [{ type: 'DELETED', object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod('a', '12').metadata } }]);
});
