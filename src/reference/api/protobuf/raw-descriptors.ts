// FileDescriptorProtos that protobuf-go generated code embeds raw: each
// generated file keeps its descriptor as a serialized byte string (rawDesc),
// not gzipped as gogo-protobuf does, so the linker leaves it in the binary as
// it is. It starts with the file's name (field 1), and nothing marks where it
// ends: reading stops at the first tag that is no FileDescriptorProto field,
// or that goes back to a lower field number (protobuf-go writes fields in
// number order, so that is the next string in the binary).
import protobuf from 'protobufjs';
import { fileDescriptorProto } from './descriptor-proto.ts';


export interface RawFieldDescriptor {
  name: string;
  number: number;
  label: number;
  type: number;
  /** Fully qualified with a leading dot, for message and enum fields. */
  typeName?: string;
  oneofIndex?: number;
  proto3Optional?: boolean;
}

export interface RawMessageDescriptor {
  name: string;
  field?: RawFieldDescriptor[];
  nestedType?: RawMessageDescriptor[];
  oneofDecl?: { name: string }[];
}

export interface RawFileDescriptor {
  name: string;
  package: string;
  dependency?: string[];
  messageType?: RawMessageDescriptor[];
  syntax?: string;
}

const wireVarint = 0;
const wireLengthDelimited = 2;

/** FileDescriptorProto's fields (descriptor.proto), by number, with their wire types. */
const fileFieldWireTypes = new Map<number, readonly number[]>([
  [1, [wireLengthDelimited]], // name
  [2, [wireLengthDelimited]], // package
  [3, [wireLengthDelimited]], // dependency
  [4, [wireLengthDelimited]], // message_type
  [5, [wireLengthDelimited]], // enum_type
  [6, [wireLengthDelimited]], // service
  [7, [wireLengthDelimited]], // extension
  [8, [wireLengthDelimited]], // options
  [9, [wireLengthDelimited]], // source_code_info
  [10, [wireVarint, wireLengthDelimited]], // public_dependency
  [11, [wireVarint, wireLengthDelimited]], // weak_dependency
  [12, [wireLengthDelimited]], // syntax
  [14, [wireVarint]], // edition
]);

/** How many bytes from `start` belong to the descriptor. */
function descriptorLength(binary: Buffer, start: number): number {
  const reader = protobuf.Reader.create(binary.subarray(start, Math.min(binary.length, start + 16 * 1024 * 1024)));
  let end = 0;
  let lastField = 0;
  while (reader.pos < reader.len) {
    try {
      const tag = reader.uint32();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field < lastField || !fileFieldWireTypes.get(field)?.includes(wireType)) break;
      reader.skipType(wireType);
      lastField = field;
      end = reader.pos;
    } catch {
      break;
    }
  }
  return end;
}

/** The raw FileDescriptorProto of the file with this name, or undefined when the binary holds none (or more than one candidate that decodes). */
export function findRawDescriptor(binary: Buffer, fileName: string): RawFileDescriptor | undefined {
  const name = Buffer.from(fileName);
  if (name.length > 127) throw new Error(`${fileName}: names longer than 127 bytes take a longer length prefix`);
  const prefix = Buffer.concat([Buffer.from([(1 << 3) | wireLengthDelimited, name.length]), name]);
  const found: RawFileDescriptor[] = [];
  for (let at = binary.indexOf(prefix); at !== -1; at = binary.indexOf(prefix, at + 1)) {
    const length = descriptorLength(binary, at);
    try {
      const file = fileDescriptorProto.toObject(fileDescriptorProto.decode(binary.subarray(at, at + length)), { defaults: false }) as RawFileDescriptor;
      if (file.name === fileName) found.push(file);
    } catch {
      continue;
    }
  }
  return found.length === 1 ? found[0] : undefined;
}
