// The real kubectl 1.34 driving CustomResourceDefinitions on the reference
// control plane: a CRD becomes Established and its type is served (discovery,
// api-resources, explain, every verb), objects are validated with field
// paths, pruned and defaulted, status and scale subresources, short names and
// categories, two served versions over one storage version, strict and warn
// field validation, server-side apply with list-map markers, strategic merge
// patch refused, a watch, and deleting the CRD deletes its objects.
import t from 'tap';
import { startKubeCli } from '../../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
        labelSelectorPath: .status.selector
    schema:
      openAPIV3Schema:
        type: object
        description: A widget of the test.
        properties:
          spec:
            type: object
            description: What the widget should be.
            required: [size]
            properties:
              size:
                type: string
                enum: [small, large]
              replicas:
                type: integer
                minimum: 0
                maximum: 10
              color:
                type: string
                default: blue
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer}
              extra:
                type: object
                x-kubernetes-preserve-unknown-fields: true
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
  - name: v1beta1
    served: true
    storage: false
    deprecated: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function getJson(...args: string[]): Promise<Record<string, any>> {
  return JSON.parse(await ok(['get', ...args, '-o', 'json'])) as Record<string, any>;
}

t.before(async () => {
  await ok(['apply', '-f', '-'], crd);
  await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
  await ok(['create', 'namespace', 'shop']);
});

t.test('the CRD is Established with its names accepted', async (t) => {
  const got = await getJson('crd', 'widgets.example.com');
  const conditions = Object.fromEntries((got.status.conditions as { type: string; status: string }[]).map((c) => [c.type, c.status]));
  t.same(conditions, { NamesAccepted: 'True', Established: 'True' });
  t.equal(got.status.acceptedNames.kind, 'Widget');
  t.same(got.status.storedVersions, ['v1']);
  t.equal(got.spec.names.listKind, 'WidgetList');
  t.match(await ok(['get', 'crds']), /^widgets\.example\.com\s/m);
});

t.test('discovery, api-resources and explain know the type', async (t) => {
  const resources = await ok(['api-resources', '--api-group=example.com', '--no-headers']);
  t.match(resources, /^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget$/m);
  const explained = await ok(['explain', 'widgets.spec']);
  t.match(explained, /What the widget should be\./);
  t.match(explained, /size\s+<string> -required-/);
  const versions = await ok(['api-versions']);
  t.match(versions, /^example\.com\/v1$/m);
  t.match(versions, /^example\.com\/v1beta1$/m);
});

t.test('kubectl discovers everything from the aggregated discovery of /api and /apis', async (t) => {
  const r = await kubectl(['api-resources', '-v=6', '--cache-dir', cli.write('fresh-cache/.keep', '').replace(/\/\.keep$/, '')]);
  t.equal(r.exitCode, 0, r.stderr);
  const gets = [...r.stderr.matchAll(/"Response" verb="GET" url="https:\/\/[^/]+([^"?]*)/g)].map((m) => m[1]);
  t.same(gets, ['/api', '/apis']);
  t.match(r.stdout, /^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget$/m);
});

t.test('create, get by short name, defaults and pruning', async (t) => {
  const r = await kubectl(['apply', '-n', 'shop', '--validate=warn', '-f', '-'], {
    input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, nickname: x}\nspec: {size: small, replicas: 1, bogus: 1, extra: {anything: [1, 2]}}\n',
  });
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stderr, /unknown field "spec\.bogus"/);
  t.match(r.stderr, /unknown field "metadata\.nickname"/);
  const got = await getJson('wd', 'w1', '-n', 'shop');
  t.equal(got.spec.color, 'blue', 'defaulted');
  t.notOk('bogus' in got.spec, 'pruned');
  t.same(got.spec.extra, { anything: [1, 2] }, 'preserved');
  t.equal(got.metadata.generation, 1);
});

t.test('invalid objects get a 422 with field paths', async (t) => {
  const r = await kubectl(['create', '-n', 'shop', '-f', '-'], {
    input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {size: huge, replicas: 11, ports: [{port: 80}]}\n',
  });
  t.not(r.exitCode, 0);
  t.match(r.stderr, /The Widget "bad" is invalid:/);
  t.match(r.stderr, /spec\.size: Unsupported value: "huge": supported values: "small", "large"/);
  t.match(r.stderr, /spec\.replicas: Invalid value: 11: spec\.replicas in body should be less than or equal to 10/);
  t.match(r.stderr, /spec\.ports\[0\]\.name: Required value/);
  const missing = await kubectl(['create', '-n', 'shop', '-f', '-'], { input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {replicas: "x"}\n' });
  t.match(missing.stderr, /spec\.replicas: Invalid value: "x": spec\.replicas in body must be of type integer: "string"/);
  t.match(missing.stderr, /spec\.size: Required value/);
});

t.test('strict field validation refuses unknown fields', async (t) => {
  const r = await kubectl(['create', '-n', 'shop', '--validate=strict', '-f', '-'], {
    input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: strict}\nspec: {size: small, nope: true}\n',
  });
  t.not(r.exitCode, 0);
  t.match(r.stderr, /unknown field "spec\.nope"/);
});

t.test('status and scale subresources', async (t) => {
  await ok(['patch', 'widget', 'w1', '-n', 'shop', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":1,"selector":"app=w1"}}']);
  await ok(['patch', 'widget', 'w1', '-n', 'shop', '--type=merge', '-p', '{"status":{"replicas":7}}']);
  t.equal((await getJson('widget', 'w1', '-n', 'shop')).status.replicas, 1, 'the main resource does not write status');
  await ok(['scale', 'widget', 'w1', '-n', 'shop', '--replicas=3']);
  const got = await getJson('widget', 'w1', '-n', 'shop');
  t.equal(got.spec.replicas, 3);
  t.equal(got.metadata.generation, 2);
  const scale = JSON.parse(await ok(['get', '--raw', '/apis/example.com/v1/namespaces/shop/widgets/w1/scale'])) as Record<string, any>;
  t.same({ spec: scale.spec, status: scale.status }, { spec: { replicas: 3 }, status: { replicas: 1, selector: 'app=w1' } });
});

t.test('merge patch works, strategic merge patch is refused with a 415', async (t) => {
  await ok(['patch', 'widget', 'w1', '-n', 'shop', '--type=merge', '-p', '{"spec":{"color":"red"}}']);
  t.equal((await getJson('widget', 'w1', '-n', 'shop')).spec.color, 'red');
  const r = await kubectl(['patch', 'widget', 'w1', '-n', 'shop', '-p', '{"spec":{"color":"green"}}']);
  t.not(r.exitCode, 0);
  t.match(r.stderr, /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml/);
});

t.test('server-side apply merges a list-map by its keys', async (t) => {
  const manifest = (ports: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2, namespace: shop}\nspec:\n  size: large\n  ports:\n${ports}`;
  await ok(['apply', '--server-side', '--field-manager=a', '-f', '-'], manifest('  - {name: http, port: 80}\n'));
  await ok(['apply', '--server-side', '--field-manager=b', '-f', '-'], manifest('  - {name: https, port: 443}\n'));
  const got = await getJson('widget', 'w2', '-n', 'shop');
  t.same(got.spec.ports, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }]);
  const conflict = await kubectl(['apply', '--server-side', '--field-manager=b', '-f', '-'], { input: manifest('  - {name: http, port: 8080}\n') });
  t.not(conflict.exitCode, 0);
  t.match(conflict.stderr, /conflict/i);
});

t.test('the second version serves the same objects', async (t) => {
  const read = await kubectl(['get', 'widgets.v1beta1.example.com', 'w1', '-n', 'shop', '-o', 'json']);
  t.match(read.stderr, /Warning: example\.com\/v1beta1 Widget is deprecated; use example\.com\/v1 Widget/);
  const got = JSON.parse(read.stdout) as Record<string, any>;
  t.equal(got.apiVersion, 'example.com/v1beta1');
  t.equal(got.spec.size, 'small');
  const list = await getJson('widgets.v1beta1.example.com', '-n', 'shop');
  t.same((list.items as { apiVersion: string }[]).map((i) => i.apiVersion), ['example.com/v1beta1', 'example.com/v1beta1']);
  t.equal(list.kind, 'List', 'kubectl lists as a List');
  // Written through v1beta1, stored in v1: read through v1, it is a v1 object.
  await ok(['label', 'widgets.v1beta1.example.com', 'w1', '-n', 'shop', 'via=v1beta1']);
  const v1 = await getJson('widgets.v1.example.com', 'w1', '-n', 'shop');
  t.equal(v1.apiVersion, 'example.com/v1');
  t.equal(v1.metadata.labels.via, 'v1beta1');
});

t.test('kubectl get prints the printer columns (priority 1 with -o wide)', async (t) => {
  const lines = (await ok(['get', 'widgets', 'w1', '-n', 'shop'])).trim().split('\n').map((l) => l.split(/\s+/));
  t.same(lines, [['NAME', 'SIZE', 'REPLICAS'], ['w1', 'small', '3']]);
  const wide = (await ok(['get', 'widgets', 'w1', '-n', 'shop', '-o', 'wide'])).trim().split('\n').map((l) => l.split(/\s+/));
  t.same(wide, [['NAME', 'SIZE', 'REPLICAS', 'COLOR'], ['w1', 'small', '3', 'red']]);
});

t.test('client-side apply configures a custom resource (a JSON merge patch)', async (t) => {
  const manifest = (size: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: applied, namespace: shop}\nspec: {size: ${size}}\n`;
  t.match(await ok(['apply', '-f', '-'], manifest('small')), /widget\.example\.com\/applied created/);
  t.match(await ok(['apply', '-f', '-'], manifest('small')), /widget\.example\.com\/applied unchanged/);
  t.match(await ok(['apply', '-f', '-'], manifest('large')), /widget\.example\.com\/applied configured/);
  t.equal((await getJson('widget', 'applied', '-n', 'shop')).spec.size, 'large');
  t.match(await ok(['delete', 'widget', 'applied', '-n', 'shop']), /widget\.example\.com "applied" deleted/);
});

t.test('kubectl get all lists widgets (category all)', async (t) => {
  const out = await ok(['get', 'all', '-n', 'shop', '-o', 'name']);
  t.match(out, /^widget\.example\.com\/w1$/m);
});

t.test('a watch sees custom resources change', async (t) => {
  const watch = cli.kubectlLines(['get', 'widgets', '-n', 'shop', '--watch', '-o', 'name']);
  t.teardown(() => watch.stop());
  await watch.waitFor((l) => l === 'widget.example.com/w1');
  await ok(['create', '-n', 'shop', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {size: small}\n');
  await watch.waitFor((l) => l === 'widget.example.com/w3');
  t.pass('the new widget was seen');
});

t.test('a CRD as generators write them: status defaults, CEL rules, filtered printer columns', async (t) => {
  await ok(['apply', '-f', '-'], `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: lanes.traffic.example.io
spec:
  group: traffic.example.io
  scope: Cluster
  names: {plural: lanes, singular: lane, kind: Lane, listKind: LaneList}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Controller, type: string, jsonPath: .spec.controllerName}
    - {name: Accepted, type: string, jsonPath: '.status.conditions[?(@.type=="Accepted")].status'}
    schema:
      openAPIV3Schema:
        type: object
        required: [spec]
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            required: [controllerName]
            properties:
              controllerName:
                type: string
                pattern: ^[a-z0-9.]+\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$
                x-kubernetes-validations:
                - {message: Value is immutable, rule: self == oldSelf}
          status:
            type: object
            default:
              conditions: [{type: Accepted, status: Unknown, reason: Pending, message: Waiting for controller, lastTransitionTime: "1970-01-01T00:00:00Z"}]
            properties:
              conditions:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [type]
                items:
                  type: object
                  required: [type, status]
                  properties:
                    type: {type: string}
                    status: {type: string, enum: ["True", "False", Unknown]}
                    reason: {type: string}
                    message: {type: string}
                    lastTransitionTime: {type: string, format: date-time}
`);
  await ok(['wait', '--for=condition=Established', 'crd/lanes.traffic.example.io', '--timeout=30s']);
  await ok(['create', '-f', '-'], 'apiVersion: traffic.example.io/v1\nkind: Lane\nmetadata: {name: fast}\nspec: {controllerName: example.io/lane-controller}\n');
  const lines = (await ok(['get', 'lanes'])).trim().split('\n').map((l) => l.split(/\s+/));
  t.same(lines, [['NAME', 'CONTROLLER', 'ACCEPTED'], ['fast', 'example.io/lane-controller', 'Unknown']]);
  const bad = await kubectl(['create', '-f', '-'], { input: 'apiVersion: traffic.example.io/v1\nkind: Lane\nmetadata: {name: slow}\nspec: {controllerName: nocontroller}\n' });
  t.match(bad.stderr, /spec\.controllerName: Invalid value: "nocontroller": spec\.controllerName in body should match/);
});

t.test('deleting the CRD deletes its objects, then the type is gone', async (t) => {
  t.not((await ok(['get', 'widgets', '-n', 'shop', '-o', 'name'])).trim(), '');
  await ok(['delete', 'crd', 'widgets.example.com', '--wait=true', '--timeout=60s']);
  const r = await kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/shop/widgets']);
  t.not(r.exitCode, 0);
  t.match(r.stderr, /NotFound/);
  // Created again, the CRD finds none of the objects it had: they were deleted, not hidden.
  await ok(['apply', '-f', '-'], crd);
  await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
  t.equal((await ok(['get', 'widgets', '-n', 'shop', '-o', 'name'])).trim(), '');
});
