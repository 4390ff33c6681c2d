import t from 'tap';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { readKubectlBinary } from '../../../../src/reference/api/protobuf/kubectl-binary.ts';
import { findRawDescriptor } from '../../../../src/reference/api/protobuf/raw-descriptors.ts';
import { openApiV2ProtoFile, renderOpenApiV2DescriptorFile } from '../../../../src/reference/api/protobuf/openapi-v2-descriptor-file.ts';
import { openApiV2DescriptorFilePath } from '../../../../src/reference/api/protobuf/openapi-v2-schema.ts';

/** A raw FileDescriptorProto: name, package, one message with one string field, syntax. */
function rawDescriptor(name: string, packageName: string): Buffer {
  const field = protobuf.Writer.create().uint32((1 << 3) | 2).string('value').uint32(3 << 3).int32(1).uint32(5 << 3).int32(9).finish();
  const message = protobuf.Writer.create().uint32((1 << 3) | 2).string('Item').uint32((2 << 3) | 2).bytes(field).finish();
  return Buffer.from(protobuf.Writer.create()
    .uint32((1 << 3) | 2).string(name)
    .uint32((2 << 3) | 2).string(packageName)
    .uint32((4 << 3) | 2).bytes(message)
    .uint32((12 << 3) | 2).string('proto3')
    .finish());
}

t.test('reads a raw descriptor up to the first byte that does not continue it', async (t) => {
  // After the descriptor: 0x0a, a valid tag of field 1 but lower than syntax's 12, then other data.
  const binary = Buffer.concat([Buffer.from('code and strings'), rawDescriptor('a/b.proto', 'a.b'), Buffer.from('\x0a\x05other and more')]);
  const file = findRawDescriptor(binary, 'a/b.proto');
  t.same(file, { name: 'a/b.proto', package: 'a.b', messageType: [{ name: 'Item', field: [{ name: 'value', number: 1, type: 9 }] }], syntax: 'proto3' });
  t.equal(findRawDescriptor(binary, 'c/d.proto'), undefined, 'absent');
});

t.test("kubectl embeds gnostic's OpenAPIv2.proto raw", async (t) => {
  const file = findRawDescriptor(readKubectlBinary().bytes, openApiV2ProtoFile);
  t.equal(file?.package, 'openapi.v2');
  t.same(file?.dependency, ['google/protobuf/any.proto']);
  const names = file?.messageType?.map((m) => m.name) ?? [];
  t.ok(names.includes('Document') && names.includes('NamedSchema') && names.includes('VendorExtension'), names.join(' '));
  const parametersItem = file?.messageType?.find((m) => m.name === 'ParametersItem');
  t.match(parametersItem, { oneofDecl: [{ name: 'oneof' }], field: [{ name: 'parameter', oneofIndex: 0 }, { name: 'json_reference', oneofIndex: 0 }] });
});

t.test('the committed openapi-v2-descriptors.json is what generate-openapi-v2.ts makes from the kubectl in node_modules', async (t) => {
  const kubectl = readKubectlBinary();
  t.equal(renderOpenApiV2DescriptorFile(kubectl.bytes, kubectl.source), readFileSync(openApiV2DescriptorFilePath, 'utf8'), 'run `node src/reference/api/protobuf/generate-openapi-v2.ts` and commit the result');
});
