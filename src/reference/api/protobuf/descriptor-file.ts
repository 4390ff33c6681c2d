// The committed descriptor file: the messages of the group versions in
// api-groups.ts and of the files they import, read from a kubectl binary and
// written as protobufjs JSON. Field names are JSON names; field options
// (field-options.ts) carry what the JSON conversion needs beyond the wire
// format. Files are read in name order, messages sorted by name, and fields
// keep their declaration order (Go's struct order), so the same binary gives
// the same bytes.
import { protobufGroupVersions } from './api-groups.ts';
import { fieldTypes, findEmbeddedDescriptors, repeatedLabel, type FieldDescriptor, type FileDescriptor, type MessageDescriptor } from './embedded-descriptors.ts';
import { inlineOption, nullableOption, omitemptyOption } from './field-options.ts';
import { protoFieldKey, scanGoStructTags, type GoStructTags } from './go-struct-tags.ts';

interface FieldJson {
  rule?: 'repeated';
  keyType?: string;
  type: string;
  id: number;
  options?: Record<string, boolean>;
}

interface MessageJson {
  fields: Record<string, FieldJson>;
}

interface NamespaceJson {
  nested: Record<string, NamespaceJson | MessageJson>;
}

const gogoProto = 'github.com/gogo/protobuf/gogoproto/gogo.proto';

const scalarTypes = new Map<number, string>([
  [fieldTypes.int64, 'int64'],
  [fieldTypes.int32, 'int32'],
  [fieldTypes.bool, 'bool'],
  [fieldTypes.string, 'string'],
  [fieldTypes.bytes, 'bytes'],
]);

/** Message types the JSON conversion has no Go JSON form for; go-json.ts must learn them before a kept field may use them. */
const typesWithoutGoJsonForm = new Set(['.k8s.io.apimachinery.pkg.apis.meta.v1.Duration']);

/** The group versions' files and everything they import, sorted by name. */
function selectFiles(all: Map<string, FileDescriptor>): FileDescriptor[] {
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (name === gogoProto || wanted.has(name)) return;
    const file = all.get(name);
    if (!file) throw new Error(`the kubectl binary does not embed ${name}`);
    wanted.add(name);
    for (const dependency of file.dependency ?? []) visit(dependency);
  };
  for (const gv of protobufGroupVersions) visit(gv.file);
  return [...wanted].sort().map((name) => all.get(name)!);
}

/** What writing one message's fields needs to know. */
interface MessageContext {
  file: FileDescriptor;
  message: MessageDescriptor;
  tags: GoStructTags;
  /** The message's map entry messages, by full type name. */
  mapEntries: Map<string, MessageDescriptor>;
}

/** A scalar's name; a message type relative to the file's package when it is declared there, else absolute. */
function typeOf(c: MessageContext, field: FieldDescriptor): string {
  const where = `${c.file.package}.${c.message.name}.${field.name}`;
  if (field.type !== fieldTypes.message) {
    const scalar = scalarTypes.get(field.type);
    if (!scalar) throw new Error(`${where}: field type ${field.type} is not supported`);
    return scalar;
  }
  const typeName = field.typeName!;
  if (typesWithoutGoJsonForm.has(typeName)) throw new Error(`${where}: ${typeName} has no Go JSON form in go-json.ts yet`);
  const local = typeName.slice(c.file.package.length + 2);
  return typeName.startsWith(`.${c.file.package}.`) && !local.includes('.') ? local : typeName;
}

/** Embedded (a value, its Go name its type's name) and tagged json:",inline" in the binary. */
function isInline(c: MessageContext, field: FieldDescriptor): boolean {
  const goName = field.options?.customname;
  return field.type === fieldTypes.message && field.options?.nullable === false && goName !== undefined
    && field.typeName?.endsWith(`.${goName}`) === true && c.tags.inline.has(`${goName}#${field.number}`);
}

function fieldJson(c: MessageContext, field: FieldDescriptor): FieldJson {
  const entry = field.typeName === undefined ? undefined : c.mapEntries.get(field.typeName);
  if (entry) {
    const [key, value] = entry.field ?? [];
    return { keyType: typeOf(c, key!), type: typeOf(c, value!), id: field.number };
  }
  const repeated = field.label === repeatedLabel;
  const json: FieldJson = { ...(repeated ? { rule: 'repeated' as const } : {}), type: typeOf(c, field), id: field.number };
  const options: Record<string, boolean> = {};
  const valueField = !repeated && field.options?.nullable === false;
  if (valueField) options[nullableOption] = false;
  const omitempty = c.tags.omitempty.get(protoFieldKey(field.name, field.number));
  if (valueField && field.type !== fieldTypes.message && omitempty !== undefined) options[omitemptyOption] = omitempty;
  if (isInline(c, field)) options[inlineOption] = true;
  return Object.keys(options).length ? { ...json, options } : json;
}

function messageJson(file: FileDescriptor, message: MessageDescriptor, tags: GoStructTags): MessageJson {
  const mapEntries = new Map<string, MessageDescriptor>();
  for (const nested of message.nestedType ?? []) {
    if (!nested.options?.mapEntry) throw new Error(`${file.package}.${message.name}.${nested.name}: nested messages other than map entries are not supported`);
    mapEntries.set(`.${file.package}.${message.name}.${nested.name}`, nested);
  }
  const c: MessageContext = { file, message, tags, mapEntries };
  const fields: Record<string, FieldJson> = {};
  for (const field of message.field ?? []) fields[tags.jsonNames.get(protoFieldKey(field.name, field.number)) ?? field.name] = fieldJson(c, field);
  return { fields };
}

function namespaceAt(root: NamespaceJson, packageName: string): NamespaceJson {
  let namespace = root;
  for (const part of packageName.split('.')) namespace = (namespace.nested[part] ??= { nested: {} }) as NamespaceJson;
  return namespace;
}

function buildDescriptorJson(binary: Buffer): NamespaceJson {
  const tags = scanGoStructTags(binary);
  const root: NamespaceJson = { nested: {} };
  for (const file of selectFiles(findEmbeddedDescriptors(binary))) {
    // runtime/schema's file declares no message; a namespace for it would stay empty.
    if (!file.messageType?.length) continue;
    const namespace = namespaceAt(root, file.package);
    const messages = [...file.messageType].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const message of messages) namespace.nested[message.name] = messageJson(file, message, tags);
  }
  return root;
}

/** Namespaces indented one level per line, each message on one line. */
function format(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null || 'fields' in value) return JSON.stringify(value);
  const inner = `${indent} `;
  const entries = Object.entries(value).map(([key, v]) => `${inner}${JSON.stringify(key)}: ${format(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** The file's text; `source` says where the binary came from. */
export function renderDescriptorFile(binary: Buffer, source: string): string {
  return `${format({ source, ...buildDescriptorJson(binary) }, '')}\n`;
}
