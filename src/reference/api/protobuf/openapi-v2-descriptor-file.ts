// The committed descriptor file of gnostic's openapiv2/OpenAPIv2.proto: the
// messages of openapi.v2.Document, the form kubectl reads /openapi/v2 in,
// read from the kubectl binary and written as protobufjs JSON with the proto
// field names. Messages are sorted by name and fields keep their declaration
// order, so the same binary gives the same bytes.
import protobuf from 'protobufjs';
import { findRawDescriptor, type RawFieldDescriptor, type RawFileDescriptor, type RawMessageDescriptor } from './raw-descriptors.ts';

export const openApiV2ProtoFile = 'openapiv2/OpenAPIv2.proto';
const anyProtoFile = 'google/protobuf/any.proto';

/** FieldDescriptorProto.Type values the file uses. */
const scalarTypes = new Map<number, string>([
  [1, 'double'],
  [3, 'int64'],
  [8, 'bool'],
  [9, 'string'],
]);
const messageFieldType = 11;
const repeatedLabel = 3;

/** The messages kubectl's OpenAPI reader walks; a file without them is not gnostic's. */
const requiredMessages = ['Document', 'Schema', 'NamedSchema', 'NamedAny', 'Any', 'PathItem', 'Operation', 'ParametersItem'];

interface FieldJson {
  rule?: 'repeated';
  type: string;
  id: number;
}

interface MessageJson {
  oneofs?: Record<string, { oneof: string[] }>;
  fields: Record<string, FieldJson>;
}

function fieldJson(file: RawFileDescriptor, message: RawMessageDescriptor, field: RawFieldDescriptor): FieldJson {
  const where = `${file.package}.${message.name}.${field.name}`;
  let type: string | undefined;
  if (field.type === messageFieldType) {
    const typeName = field.typeName!;
    type = typeName.startsWith(`.${file.package}.`) ? typeName.slice(file.package.length + 2) : typeName;
  } else {
    type = scalarTypes.get(field.type);
  }
  if (!type) throw new Error(`${where}: field type ${field.type} is not supported`);
  return { ...(field.label === repeatedLabel ? { rule: 'repeated' as const } : {}), type, id: field.number };
}

function messageJson(file: RawFileDescriptor, message: RawMessageDescriptor): MessageJson {
  if (message.nestedType?.length) throw new Error(`${file.package}.${message.name}: nested messages are not supported`);
  const fields: Record<string, FieldJson> = {};
  const oneofs: Record<string, { oneof: string[] }> = {};
  for (const field of message.field ?? []) {
    fields[field.name] = fieldJson(file, message, field);
    if (field.oneofIndex === undefined || field.proto3Optional) continue;
    const oneof = message.oneofDecl?.[field.oneofIndex]?.name;
    if (!oneof) throw new Error(`${file.package}.${message.name}.${field.name}: oneof ${field.oneofIndex} is not declared`);
    (oneofs[oneof] ??= { oneof: [] }).oneof.push(field.name);
  }
  return Object.keys(oneofs).length ? { oneofs, fields } : { fields };
}

/** The OpenAPIv2.proto descriptor in the binary, checked to be gnostic's. */
function openApiV2Descriptor(binary: Buffer): RawFileDescriptor {
  const file = findRawDescriptor(binary, openApiV2ProtoFile);
  if (!file) throw new Error(`the binary embeds no single raw descriptor of ${openApiV2ProtoFile}`);
  const names = new Set(file.messageType?.map((m) => m.name));
  const missing = requiredMessages.filter((m) => !names.has(m));
  if (file.package !== 'openapi.v2' || missing.length) throw new Error(`${openApiV2ProtoFile} in the binary is not gnostic's openapi.v2 (package ${file.package}, missing ${missing.join(', ')})`);
  const unknown = (file.dependency ?? []).filter((d) => d !== anyProtoFile);
  if (unknown.length) throw new Error(`${openApiV2ProtoFile} imports ${unknown.join(', ')}, which the descriptor file does not carry`);
  return file;
}

/** google.protobuf.Any, as protobufjs knows the well-known type. */
function anyMessageJson(): protobuf.INamespace {
  const any = protobuf.common.get(anyProtoFile) as protobuf.INamespace | null;
  if (!any) throw new Error(`protobufjs does not know ${anyProtoFile}`);
  return any;
}

function buildDescriptorJson(binary: Buffer): protobuf.INamespace {
  const file = openApiV2Descriptor(binary);
  const messages = [...(file.messageType ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const openapi: Record<string, MessageJson> = {};
  for (const message of messages) openapi[message.name] = messageJson(file, message);
  return { nested: { ...anyMessageJson().nested, openapi: { nested: { v2: { nested: openapi } } } } } as protobuf.INamespace;
}

/** Namespaces indented one level per line, each message on one line. */
function format(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null || 'fields' in value) return JSON.stringify(value);
  const inner = `${indent} `;
  const entries = Object.entries(value).map(([key, v]) => `${inner}${JSON.stringify(key)}: ${format(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** The file's text; `source` says where the binary came from. */
export function renderOpenApiV2DescriptorFile(binary: Buffer, source: string): string {
  return `${format({ source, ...buildDescriptorJson(binary) }, '')}\n`;
}
