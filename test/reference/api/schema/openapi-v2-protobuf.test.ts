import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { openApiV2DocumentType } from '../../../../src/reference/api/protobuf/openapi-v2-schema.ts';
import { openapiV2 } from '../../../../src/reference/api/schema/openapi-v2.ts';
import { acceptsOpenApiV2Protobuf, openApiV2Protobuf } from '../../../../src/reference/api/schema/openapi-v2-protobuf.ts';

type Json = Record<string, any>;

const json = openapiV2() as Json;
const documentType = openApiV2DocumentType();
const bytes = openApiV2Protobuf(json);
const decoded = documentType.toObject(documentType.decode(bytes), { defaults: false, longs: Number }) as Json;

function extensions(list: Json[] | undefined): Json {
  return Object.fromEntries((list ?? []).map((e) => [e.name, parseYaml(e.value.yaml)]));
}

/** The JSON a decoded openapi.v2.Schema stands for, for the members the served definitions use. */
function schemaJson(s: Json): Json {
  const out: Json = {};
  if (s._ref) out.$ref = s._ref;
  if (s.description) out.description = s.description;
  if (s.format) out.format = s.format;
  if (s.type) out.type = s.type.value.length === 1 ? s.type.value[0] : s.type.value;
  if (s.required) out.required = s.required;
  if (s.items) out.items = s.items.schema.length === 1 ? schemaJson(s.items.schema[0]) : s.items.schema.map(schemaJson);
  if (s.additional_properties) out.additionalProperties = 'boolean' in s.additional_properties ? s.additional_properties.boolean : schemaJson(s.additional_properties.schema);
  if (s.properties) out.properties = Object.fromEntries(s.properties.additional_properties.map((p: Json) => [p.name, schemaJson(p.value)]));
  if (s.enum) out.enum = s.enum.map((e: Json) => parseYaml(e.yaml));
  if (s.default) out.default = parseYaml(s.default.yaml);
  return { ...out, ...extensions(s.vendor_extension) };
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Json)[k])]));
}

t.test('header, security and the encoded bytes are cached', async (t) => {
  t.equal(decoded.swagger, '2.0');
  t.same(decoded.info, { title: json.info.title, version: json.info.version });
  t.same(decoded.security, [{ additional_properties: [{ name: 'BearerToken', value: {} }] }]);
  t.same(decoded.security_definitions.additional_properties, [
    { name: 'BearerToken', value: { api_key_security: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } } },
  ]);
  t.equal(openApiV2Protobuf(json), bytes, 'encoded once per document');
});

t.test('every definition decodes to its JSON schema, x-kubernetes-* extensions included', async (t) => {
  const names = decoded.definitions.additional_properties.map((d: Json) => d.name);
  t.same(names, Object.keys(json.definitions), 'the same definitions in the same order');
  for (const d of decoded.definitions.additional_properties as Json[]) {
    t.same(sortedKeys(schemaJson(d.value)), sortedKeys(json.definitions[d.name]), d.name);
  }
  const deployment = decoded.definitions.additional_properties.find((d: Json) => d.name === 'io.k8s.api.apps.v1.Deployment');
  t.same(extensions(deployment.value.vendor_extension)['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
});

t.test('paths keep their operations, parameters, responses and extensions', async (t) => {
  t.same(decoded.paths.path.map((p: Json) => p.name), Object.keys(json.paths), 'the same paths in the same order');
  const name = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
  const item = decoded.paths.path.find((p: Json) => p.name === name).value;
  const expected = json.paths[name];
  t.same(Object.keys(item).filter((k) => k !== 'parameters').sort(), Object.keys(expected).filter((k) => k !== 'parameters').sort());
  const patch = item.patch;
  t.equal(patch.operation_id, expected.patch.operationId);
  t.same(patch.consumes, expected.patch.consumes);
  t.same(extensions(patch.vendor_extension), { 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': { group: 'apps', kind: 'Deployment', version: 'v1' } });
  const body = patch.parameters.find((p: Json) => p.parameter?.body_parameter).parameter.body_parameter;
  const bodyJson = expected.patch.parameters.find((p: Json) => p.in === 'body');
  t.same({ ...body, schema: schemaJson(body.schema) }, bodyJson, 'the body parameter is body_parameter');
  const fieldValidation = patch.parameters.find((p: Json) => p.parameter?.non_body_parameter?.query_parameter_sub_schema?.name === 'fieldValidation');
  t.ok(fieldValidation, 'query parameters are query_parameter_sub_schema');
  const pathName = item.parameters.find((p: Json) => p.parameter.non_body_parameter.path_parameter_sub_schema?.name === 'name');
  t.match(pathName.parameter.non_body_parameter.path_parameter_sub_schema, { in: 'path', required: true, type: 'string' });
  const ok = patch.responses.response_code.find((r: Json) => r.name === '200').value.response;
  t.same(ok.schema, { schema: { _ref: expected.patch.responses['200'].schema.$ref } });
});

t.test('Accept decides between protobuf and JSON', async (t) => {
  t.ok(acceptsOpenApiV2Protobuf('application/com.github.proto-openapi.spec.v2@v1.0+protobuf'), "kubectl's deprecated name");
  t.ok(acceptsOpenApiV2Protobuf('application/com.github.proto-openapi.spec.v2.v1.0+protobuf'));
  t.ok(acceptsOpenApiV2Protobuf('application/com.github.proto-openapi.spec.v2.v1.0+protobuf, application/json'));
  t.notOk(acceptsOpenApiV2Protobuf('application/json, application/com.github.proto-openapi.spec.v2.v1.0+protobuf'), 'JSON named first');
  t.notOk(acceptsOpenApiV2Protobuf('application/json'));
  t.notOk(acceptsOpenApiV2Protobuf(undefined));
});

t.test('the keywords of custom resource schemas', async (t) => {
  const crontab = {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          schedule: { type: 'string', pattern: '^\\S+$', maxLength: 64, example: '*/5 * * * *' },
          replicas: { type: 'integer', format: 'int32', minimum: 1, maximum: 10, exclusiveMaximum: true, multipleOf: 1 },
          port: { 'x-kubernetes-int-or-string': true },
          mode: { type: 'string', enum: ['fast', 'slow'] },
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true, 'x-kubernetes-list-type': 'set' },
          labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 8 },
          strict: { type: 'object', additionalProperties: false, externalDocs: { url: 'https://example.com/strict' } },
        },
      },
    },
    'x-kubernetes-group-version-kind': [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }],
  };
  const message = documentType.toObject(documentType.decode(openApiV2Protobuf({ swagger: '2.0', definitions: { 'com.example.stable.v1.CronTab': crontab } })), { defaults: false, longs: Number }) as Json;
  const schema = message.definitions.additional_properties[0].value;
  t.same(extensions(schema.vendor_extension), { 'x-kubernetes-group-version-kind': crontab['x-kubernetes-group-version-kind'] });
  const spec = schema.properties.additional_properties[0].value;
  t.same(extensions(spec.vendor_extension), { 'x-kubernetes-preserve-unknown-fields': true });
  const field = (name: string): Json => spec.properties.additional_properties.find((p: Json) => p.name === name).value;
  const { example, ...schedule } = field('schedule');
  t.same(schedule, { type: { value: ['string'] }, pattern: '^\\S+$', max_length: 64 });
  t.equal(parseYaml(example.yaml), '*/5 * * * *', 'examples are Any YAML');
  t.same(field('replicas'), { type: { value: ['integer'] }, format: 'int32', minimum: 1, maximum: 10, exclusive_maximum: true, multiple_of: 1 });
  t.same(field('port'), { vendor_extension: [{ name: 'x-kubernetes-int-or-string', value: { yaml: 'true\n' } }] });
  t.same(field('mode').enum.map((e: Json) => parseYaml(e.yaml)), ['fast', 'slow']);
  t.match(field('tags'), { items: { schema: [{ type: { value: ['string'] } }] }, min_items: 1, unique_items: true });
  t.same(field('labels'), { type: { value: ['object'] }, max_properties: 8, additional_properties: { schema: { type: { value: ['string'] } } } });
  t.same(field('strict'), { type: { value: ['object'] }, additional_properties: { boolean: false }, external_docs: { url: 'https://example.com/strict' } });
});
