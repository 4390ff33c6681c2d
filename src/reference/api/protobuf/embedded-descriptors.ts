// The FileDescriptorProtos inside a Go binary. gogo-protobuf's generated code
// registers every generated.proto as a gzipped FileDescriptorProto
// (proto.RegisterFile), and the linker keeps those blobs verbatim, so they can
// be found by their gzip header and read back.
import { inflateRawSync } from 'node:zlib';
import { fileDescriptorProto } from './descriptor-proto.ts';


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
