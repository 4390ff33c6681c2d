// The FileDescriptorProtos inside a Go binary. gogo-protobuf's generated code
// registers every generated.proto as a gzipped FileDescriptorProto
// (proto.RegisterFile), and the linker keeps those blobs verbatim, so they can
// be found by their gzip header and read back.
import { inflateRawSync } from 'node:zlib';
import protobuf from 'protobufjs';

/** The part of google/protobuf/descriptor.proto the generator reads, with gogo.proto's field options `nullable` and `customname`. */
const descriptorSchema = protobuf.Root.fromJSON({
  nested: {
    FileDescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        package: { type: 'string', id: 2 },
        dependency: { rule: 'repeated', type: 'string', id: 3 },
        messageType: { rule: 'repeated', type: 'DescriptorProto', id: 4 },
      },
    },
    DescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        field: { rule: 'repeated', type: 'FieldDescriptorProto', id: 2 },
        nestedType: { rule: 'repeated', type: 'DescriptorProto', id: 3 },
        options: { type: 'MessageOptions', id: 7 },
      },
    },
    MessageOptions: { fields: { mapEntry: { type: 'bool', id: 7 } } },
    FieldDescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        number: { type: 'int32', id: 3 },
        label: { type: 'int32', id: 4 },
        type: { type: 'int32', id: 5 },
        typeName: { type: 'string', id: 6 },
        options: { type: 'FieldOptions', id: 8 },
      },
    },
    FieldOptions: {
      fields: {
        nullable: { type: 'bool', id: 65001 },
        customname: { type: 'string', id: 65004 },
      },
    },
  },
});
const fileDescriptorProto = descriptorSchema.lookupType('FileDescriptorProto');

/** FieldDescriptorProto.Type values. */
export const fieldTypes = { int64: 3, int32: 5, bool: 8, string: 9, message: 11, bytes: 12 } as const;
export const repeatedLabel = 3;

export interface FieldDescriptor {
  name: string;
  number: number;
  label: number;
  type: number;
  /** Fully qualified with a leading dot, for message fields. */
  typeName?: string;
  /** nullable: false makes gogo generate a value, not a pointer; customname is the Go field name when it is not the proto name in CamelCase. */
  options?: { nullable?: boolean; customname?: string };
}

export interface MessageDescriptor {
  name: string;
  field?: FieldDescriptor[];
  nestedType?: MessageDescriptor[];
  options?: { mapEntry?: boolean };
}

export interface FileDescriptor {
  name: string;
  package: string;
  dependency?: string[];
  messageType?: MessageDescriptor[];
}

/** gzip magic, deflate, no flags, no modification time: how Go's compress/gzip starts the blobs gogo embeds. */
const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
/** The header is 10 bytes: the 8 above, then extra flags and OS. */
const gzipHeaderLength = 10;

function inflateAt(binary: Buffer, offset: number): Buffer | undefined {
  try {
    return inflateRawSync(binary.subarray(offset + gzipHeaderLength));
  } catch {
    return undefined;
  }
}

function decodeFileDescriptor(bytes: Buffer): FileDescriptor | undefined {
  try {
    // defaults: false keeps absent fields absent, so an unset nullable option stays undefined.
    const file = fileDescriptorProto.toObject(fileDescriptorProto.decode(bytes), { defaults: false }) as FileDescriptor;
    return typeof file.name === 'string' && file.name.endsWith('.proto') ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Every FileDescriptorProto gzipped into the binary, by file name. Throws if one name is registered twice with different contents. */
export function findEmbeddedDescriptors(binary: Buffer): Map<string, FileDescriptor> {
  const files = new Map<string, { file: FileDescriptor; bytes: Buffer }>();
  for (let at = binary.indexOf(gzipHeader); at !== -1; at = binary.indexOf(gzipHeader, at + 1)) {
    const bytes = inflateAt(binary, at);
    const file = bytes && decodeFileDescriptor(bytes);
    if (!bytes || !file) continue;
    const seen = files.get(file.name);
    if (seen && !seen.bytes.equals(bytes)) throw new Error(`the binary registers ${file.name} twice, with different contents`);
    files.set(file.name, { file, bytes });
  }
  return new Map([...files].map(([name, { file }]) => [name, file]));
}
