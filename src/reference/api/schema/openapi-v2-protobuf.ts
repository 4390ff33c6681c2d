// GET /openapi/v2 as protobuf: the JSON document as gnostic's
// openapi.v2.Document, what kubectl asks for with
// Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf (it
// reads OpenAPI v2 for kinds v3 does not describe, such as List). gnostic's
// messages are not the JSON's shape: maps are lists of Named* pairs, free
// values (defaults, enums, x-* extensions) are Any messages holding YAML, and
// "$ref" is _ref. Field names below are the proto names of
// openapi-v2-descriptors.json.
import { stringify as toYaml } from 'yaml';
import { openApiV2DocumentType } from '../protobuf/openapi-v2-schema.ts';

/** What the answer is labelled: kube-openapi's name without the "@", which Go's mime.ParseMediaType (in kubectl) rejects. */
export const openApiV2ProtobufContentType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** What clients may ask for: the label, and the deprecated form with "@" that kubectl sends. */
const protobufMediaTypes = new Set([openApiV2ProtobufContentType, 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf']);
const jsonMediaTypes = new Set(['application/json', '*/*', 'application/*']);

type Json = Record<string, unknown>;
type Message = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function anyOf(value: unknown): Message {
  return { yaml: toYaml(value) };
}

/** The x-* members, as gnostic's vendor_extension list. */
function vendorExtensions(json: Json): Message[] {
  return Object.entries(json).filter(([key]) => key.startsWith('x-')).map(([name, value]) => ({ name, value: anyOf(value) }));
}

/** Copies the members that keep their value, renamed from JSON to proto names. */
function copied(json: Json, names: Record<string, string>): Message {
  const message: Message = {};
  for (const [jsonName, protoName] of Object.entries(names)) if (json[jsonName] !== undefined) message[protoName] = json[jsonName];
  return message;
}

/** Validation keywords Schema, the parameter sub-schemas, Header and PrimitivesItems share. */
const validationNames = {
  format: 'format', multipleOf: 'multiple_of', maximum: 'maximum', exclusiveMaximum: 'exclusive_maximum', minimum: 'minimum',
  exclusiveMinimum: 'exclusive_minimum', maxLength: 'max_length', minLength: 'min_length', pattern: 'pattern', maxItems: 'max_items',
  minItems: 'min_items', uniqueItems: 'unique_items',
};

function withValues(json: Json, message: Message): Message {
  if (json.default !== undefined) message.default = anyOf(json.default);
  if (Array.isArray(json.enum)) message.enum = json.enum.map(anyOf);
  const extensions = vendorExtensions(json);
  if (extensions.length) message.vendor_extension = extensions;
  return message;
}

function schema(json: Json): Message {
  const message = copied(json, {
    ...validationNames, $ref: '_ref', title: 'title', description: 'description', maxProperties: 'max_properties',
    minProperties: 'min_properties', required: 'required', discriminator: 'discriminator', readOnly: 'read_only',
  });
  if (typeof json.type === 'string') message.type = { value: [json.type] };
  else if (Array.isArray(json.type)) message.type = { value: json.type };
  if (Array.isArray(json.items)) message.items = { schema: (json.items as Json[]).map(schema) };
  else if (isObject(json.items)) message.items = { schema: [schema(json.items)] };
  if (typeof json.additionalProperties === 'boolean') message.additional_properties = { boolean: json.additionalProperties };
  else if (isObject(json.additionalProperties)) message.additional_properties = { schema: schema(json.additionalProperties) };
  if (Array.isArray(json.allOf)) message.all_of = (json.allOf as Json[]).map(schema);
  if (isObject(json.properties)) message.properties = { additional_properties: namedSchemas(json.properties) };
  if (json.example !== undefined) message.example = anyOf(json.example);
  if (isObject(json.externalDocs)) message.external_docs = externalDocs(json.externalDocs);
  return withValues(json, message);
}

function externalDocs(json: Json): Message {
  return { ...copied(json, { description: 'description', url: 'url' }), vendor_extension: vendorExtensions(json) };
}

function namedSchemas(json: Json): Message[] {
  return Object.entries(json).map(([name, value]) => ({ name, value: schema(value as Json) }));
}

function primitivesItems(json: Json): Message {
  const message = copied(json, { ...validationNames, type: 'type', collectionFormat: 'collection_format' });
  if (isObject(json.items)) message.items = primitivesItems(json.items);
  return withValues(json, message);
}

const nonBodySubSchemas: Record<string, string> = {
  header: 'header_parameter_sub_schema',
  formData: 'form_data_parameter_sub_schema',
  query: 'query_parameter_sub_schema',
  path: 'path_parameter_sub_schema',
};

function parametersItem(json: Json): Message {
  if (typeof json.$ref === 'string') return { json_reference: copied(json, { $ref: '_ref', description: 'description' }) };
  if (json.in === 'body') {
    const body = copied(json, { description: 'description', name: 'name', in: 'in', required: 'required' });
    if (isObject(json.schema)) body.schema = schema(json.schema);
    const extensions = vendorExtensions(json);
    if (extensions.length) body.vendor_extension = extensions;
    return { parameter: { body_parameter: body } };
  }
  const subSchema = nonBodySubSchemas[String(json.in)];
  if (!subSchema) throw new Error(`parameter ${String(json.name)}: "in" is ${String(json.in)}`);
  const message = copied(json, {
    ...validationNames, required: 'required', in: 'in', description: 'description', name: 'name', allowEmptyValue: 'allow_empty_value',
    type: 'type', collectionFormat: 'collection_format',
  });
  if (isObject(json.items)) message.items = primitivesItems(json.items);
  return { parameter: { non_body_parameter: { [subSchema]: withValues(json, message) } } };
}

function responseValue(json: Json): Message {
  if (typeof json.$ref === 'string') return { json_reference: copied(json, { $ref: '_ref', description: 'description' }) };
  const response = copied(json, { description: 'description' });
  if (isObject(json.schema)) response.schema = json.schema.type === 'file' ? { file_schema: copied(json.schema, { format: 'format', title: 'title', description: 'description', type: 'type' }) } : { schema: schema(json.schema) };
  if (isObject(json.headers)) response.headers = { additional_properties: Object.entries(json.headers).map(([name, value]) => ({ name, value: { ...primitivesItems(value as Json), ...copied(value as Json, { description: 'description' }) } })) };
  if (isObject(json.examples)) response.examples = { additional_properties: Object.entries(json.examples).map(([name, value]) => ({ name, value: anyOf(value) })) };
  const extensions = vendorExtensions(json);
  if (extensions.length) response.vendor_extension = extensions;
  return { response };
}

function operation(json: Json): Message {
  const message = copied(json, {
    tags: 'tags', summary: 'summary', description: 'description', operationId: 'operation_id', produces: 'produces',
    consumes: 'consumes', schemes: 'schemes', deprecated: 'deprecated',
  });
  if (Array.isArray(json.parameters)) message.parameters = (json.parameters as Json[]).map(parametersItem);
  if (isObject(json.responses)) {
    const codes = Object.entries(json.responses).filter(([code]) => !code.startsWith('x-'));
    message.responses = { response_code: codes.map(([name, value]) => ({ name, value: responseValue(value as Json) })), vendor_extension: vendorExtensions(json.responses) };
  }
  if (Array.isArray(json.security)) message.security = (json.security as Json[]).map(securityRequirement);
  const extensions = vendorExtensions(json);
  if (extensions.length) message.vendor_extension = extensions;
  return message;
}

const operationNames = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function pathItem(json: Json): Message {
  const message = copied(json, { $ref: '_ref' });
  for (const name of operationNames) if (isObject(json[name])) message[name] = operation(json[name]);
  if (Array.isArray(json.parameters)) message.parameters = (json.parameters as Json[]).map(parametersItem);
  const extensions = vendorExtensions(json);
  if (extensions.length) message.vendor_extension = extensions;
  return message;
}

function securityRequirement(json: Json): Message {
  return { additional_properties: Object.entries(json).map(([name, scopes]) => ({ name, value: { value: scopes } })) };
}

const oauth2Flows: Record<string, string> = {
  implicit: 'oauth2_implicit_security', password: 'oauth2_password_security',
  application: 'oauth2_application_security', accessCode: 'oauth2_access_code_security',
};

function securityDefinitionsItem(name: string, json: Json): Message {
  const common = { ...copied(json, { type: 'type', description: 'description' }), vendor_extension: vendorExtensions(json) };
  if (json.type === 'basic') return { basic_authentication_security: common };
  if (json.type === 'apiKey') return { api_key_security: { ...common, ...copied(json, { name: 'name', in: 'in' }) } };
  const flow = oauth2Flows[String(json.flow)];
  if (json.type !== 'oauth2' || !flow) throw new Error(`security definition ${name}: type ${String(json.type)}, flow ${String(json.flow)}`);
  const scopes = isObject(json.scopes) ? { additional_properties: Object.entries(json.scopes).map(([scope, value]) => ({ name: scope, value })) } : undefined;
  return { [flow]: { ...common, ...copied(json, { flow: 'flow', authorizationUrl: 'authorization_url', tokenUrl: 'token_url' }), ...(scopes ? { scopes } : {}) } };
}

/** The JSON document as an openapi.v2.Document message object. */
export function openApiV2DocumentMessage(json: Json): Message {
  const message = copied(json, { swagger: 'swagger', host: 'host', basePath: 'base_path', schemes: 'schemes', consumes: 'consumes', produces: 'produces' });
  if (isObject(json.info)) message.info = { ...copied(json.info, { title: 'title', version: 'version', description: 'description', termsOfService: 'terms_of_service' }), vendor_extension: vendorExtensions(json.info) };
  if (isObject(json.paths)) {
    const paths = Object.entries(json.paths).filter(([path]) => !path.startsWith('x-'));
    message.paths = { vendor_extension: vendorExtensions(json.paths), path: paths.map(([name, value]) => ({ name, value: pathItem(value as Json) })) };
  }
  if (isObject(json.definitions)) message.definitions = { additional_properties: namedSchemas(json.definitions) };
  if (isObject(json.parameters)) message.parameters = { additional_properties: Object.entries(json.parameters).map(([name, value]) => ({ name, value: (parametersItem(value as Json).parameter) })) };
  if (isObject(json.responses)) message.responses = { additional_properties: Object.entries(json.responses).map(([name, value]) => ({ name, value: responseValue(value as Json).response })) };
  if (Array.isArray(json.security)) message.security = (json.security as Json[]).map(securityRequirement);
  if (isObject(json.securityDefinitions)) {
    message.security_definitions = { additional_properties: Object.entries(json.securityDefinitions).map(([name, value]) => ({ name, value: securityDefinitionsItem(name, value as Json) })) };
  }
  if (Array.isArray(json.tags)) message.tags = (json.tags as Json[]).map((tag) => ({ ...copied(tag, { name: 'name', description: 'description' }), vendor_extension: vendorExtensions(tag) }));
  if (isObject(json.externalDocs)) message.external_docs = externalDocs(json.externalDocs);
  const extensions = vendorExtensions(json);
  if (extensions.length) message.vendor_extension = extensions;
  return message;
}

const cache = new WeakMap<object, Uint8Array>();

/** The document encoded as openapi.v2.Document; the bytes are kept as long as the JSON document is. */
export function openApiV2Protobuf(json: Record<string, unknown>): Uint8Array {
  const cached = cache.get(json);
  if (cached) return cached;
  const type = openApiV2DocumentType();
  const message = openApiV2DocumentMessage(json);
  const invalid = type.verify(message);
  if (invalid) throw new Error(`openapi.v2.Document: ${invalid}`);
  const bytes = type.encode(type.fromObject(message)).finish();
  cache.set(json, bytes);
  return bytes;
}

/** Whether an Accept header asks for the protobuf form: it names it before any JSON type (kubectl names only it; JSON stays the answer to everyone else). */
export function acceptsOpenApiV2Protobuf(accept: string | undefined): boolean {
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]!.trim().toLowerCase();
    if (protobufMediaTypes.has(type)) return true;
    if (jsonMediaTypes.has(type)) return false;
  }
  return false;
}
