import t from 'tap';
import { scanGoStructTags } from '../../../../src/reference/api/protobuf/go-struct-tags.ts';

const embedded = 1 << 3;
const exported = 1 << 0;
const tagged = 1 << 1;

/** A struct field record as Go's linker lays it out: flags, name length, name, uvarint tag length, tag. */
function record(name: string, tag: string, flags = exported | tagged): Buffer {
  const length = tag.length < 0x80 ? [tag.length] : [(tag.length & 0x7f) | 0x80, tag.length >> 7];
  return Buffer.concat([Buffer.from([flags, name.length]), Buffer.from(name, 'latin1'), Buffer.from(length), Buffer.from(tag, 'latin1')]);
}

function binary(...records: Buffer[]): Buffer {
  return Buffer.concat(records.flatMap((r) => [Buffer.from('\x00junk json:"x" protobuf:"y"\x00'), r]));
}

t.test('inline embedded structs, by Go name and number', async (t) => {
  const tags = scanGoStructTags(binary(
    record('VolumeSource', 'json:",inline" protobuf:"bytes,2,opt,name=volumeSource"', exported | tagged | embedded),
    record('ObjectMeta', 'json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"', exported | tagged | embedded),
    record('PodAffinityTerm', 'json:"podAffinityTerm" protobuf:"bytes,2,opt,name=podAffinityTerm"'),
  ));
  t.strictSame([...tags.inline], ['VolumeSource#2']);
});

t.test('JSON names that differ from the proto name', async (t) => {
  const tags = scanGoStructTags(binary(
    record('APIGroup', 'json:"apiGroup,omitempty" protobuf:"bytes,1,opt,name=aPIGroup"'),
    record('Name', 'json:"name" protobuf:"bytes,1,opt,name=name"'),
    record('Raw', 'json:"-" protobuf:"bytes,1,opt,name=Raw"'),
  ));
  t.strictSame([...tags.jsonNames], [['aPIGroup#1', 'apiGroup']]);
});

t.test('omitempty where every record with the key agrees', async (t) => {
  const long = `json:"hostPort,omitempty" protobuf:"varint,2,opt,name=hostPort" ${'x'.repeat(150)}:""`;
  const tags = scanGoStructTags(binary(
    record('HostPort', long),
    record('ContainerPort', 'json:"containerPort" protobuf:"varint,3,opt,name=containerPort"'),
    record('Replicas', 'json:"replicas,omitempty" protobuf:"varint,1,opt,name=replicas"'),
    record('Replicas', 'json:"replicas" protobuf:"varint,1,opt,name=replicas"'),
  ));
  t.strictSame([...tags.omitempty].sort(), [['containerPort#3', false], ['hostPort#2', true]], 'a two-byte tag length is read too');
});

t.test('records that disagree on a JSON name or on inline stop the scan', async (t) => {
  t.throws(() => scanGoStructTags(binary(
    record('Name', 'json:"name" protobuf:"bytes,1,opt,name=Name"'),
    record('Name', 'json:"Name" protobuf:"bytes,1,opt,name=Name"'),
  )), /disagree on the JSON name of Name#1/);
  t.throws(() => scanGoStructTags(binary(
    record('Rule', 'json:",inline" protobuf:"bytes,2,opt,name=rule"', exported | tagged | embedded),
    record('Rule', 'json:"rule" protobuf:"bytes,2,opt,name=rule"'),
  )), /disagree on whether it is inline of Rule#2/);
});
