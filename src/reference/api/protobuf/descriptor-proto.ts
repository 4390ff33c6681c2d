// The part of google/protobuf/descriptor.proto that kdrill reads from the
// descriptors kubectl embeds: files, messages, fields and oneofs, with
// gogo.proto's field options `nullable` and `customname` and the map-entry
// message option. Both the gzipped (gogo) and the raw (protobuf-go)
// descriptors decode with it.
import protobuf from 'protobufjs';

const descriptorSchema = protobuf.Root.fromJSON({
  nested: {
    FileDescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        package: { type: 'string', id: 2 },
        dependency: { rule: 'repeated', type: 'string', id: 3 },
        messageType: { rule: 'repeated', type: 'DescriptorProto', id: 4 },
        syntax: { type: 'string', id: 12 },
      },
    },
    DescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        field: { rule: 'repeated', type: 'FieldDescriptorProto', id: 2 },
        nestedType: { rule: 'repeated', type: 'DescriptorProto', id: 3 },
        options: { type: 'MessageOptions', id: 7 },
        oneofDecl: { rule: 'repeated', type: 'OneofDescriptorProto', id: 8 },
      },
    },
    MessageOptions: { fields: { mapEntry: { type: 'bool', id: 7 } } },
    OneofDescriptorProto: { fields: { name: { type: 'string', id: 1 } } },
    FieldDescriptorProto: {
      fields: {
        name: { type: 'string', id: 1 },
        number: { type: 'int32', id: 3 },
        label: { type: 'int32', id: 4 },
        type: { type: 'int32', id: 5 },
        typeName: { type: 'string', id: 6 },
        options: { type: 'FieldOptions', id: 8 },
        oneofIndex: { type: 'int32', id: 9 },
        proto3Optional: { type: 'bool', id: 17 },
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

export const fileDescriptorProto = descriptorSchema.lookupType('FileDescriptorProto');
