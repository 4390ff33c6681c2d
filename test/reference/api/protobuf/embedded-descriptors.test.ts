import t from 'tap';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { findEmbeddedDescriptors } from '../../../../src/reference/api/protobuf/embedded-descriptors.ts';
import { readKubectlBinary } from '../../../../src/reference/api/protobuf/kubectl-binary.ts';

/** A FileDescriptorProto with a name and a package, gzipped as Go's compress/gzip does (no name, no time). */
function gzippedDescriptor(name: string, packageName: string): Buffer {
  const bytes = protobuf.Writer.create().uint32((1 << 3) | 2).string(name).uint32((2 << 3) | 2).string(packageName).finish();
  return gzipSync(bytes);
}

t.test('finds gzipped descriptors among other bytes', async (t) => {
  const binary = Buffer.concat([
    Buffer.from('\x7fELF and code'),
    gzippedDescriptor('a/generated.proto', 'a'),
    gzipSync(Buffer.from('a gzipped text that is no descriptor')),
    gzippedDescriptor('b/generated.proto', 'b'),
    gzippedDescriptor('a/generated.proto', 'a'),
  ]);
  const files = findEmbeddedDescriptors(binary);
  t.strictSame([...files.keys()], ['a/generated.proto', 'b/generated.proto']);
  t.equal(files.get('b/generated.proto')?.package, 'b');
});

t.test('one name with two contents is an error', async (t) => {
  const binary = Buffer.concat([gzippedDescriptor('a/generated.proto', 'a'), gzippedDescriptor('a/generated.proto', 'other')]);
  t.throws(() => findEmbeddedDescriptors(binary), /registers a\/generated.proto twice/);
});

t.test("kubectl's descriptors carry gogo's nullable and customname options", async (t) => {
  const files = findEmbeddedDescriptors(readKubectlBinary().bytes);
  t.ok(files.size >= 60, `${files.size} files`);
  const configMap = files.get('k8s.io/api/core/v1/generated.proto')?.messageType?.find((m) => m.name === 'ConfigMap');
  t.match(configMap?.field, [
    { name: 'metadata', number: 1, typeName: '.k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', options: { nullable: false, customname: 'ObjectMeta' } },
    { name: 'immutable', number: 4, options: { customname: 'Immutable' } },
    { name: 'data', number: 2 },
    { name: 'binaryData', number: 3 },
  ]);
  t.equal(configMap?.field?.[1]?.options?.nullable, undefined, 'immutable is a pointer');
});
