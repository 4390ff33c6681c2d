// What the descriptors do not say about a field's JSON form, read from the
// struct field records Go's reflection keeps in the binary. Each record is
//   flags byte | uvarint name length | name | uvarint tag length | tag
// where flag 1<<3 marks an embedded field (internal/abi's name encoding), and
// the Kubernetes API types tag every field with both its JSON and protobuf
// names: `json:"apiGroup,omitempty" protobuf:"bytes,1,opt,name=aPIGroup"`.
//
// Three facts come from there:
// - embedded structs tagged json:",inline" (Volume's VolumeSource, Probe's
//   ProbeHandler): their fields appear in the parent's JSON;
// - the few fields whose proto name is not their JSON name (aPIGroup, uID,
//   Webhooks);
// - whether a field's JSON tag says omitempty.
// A record names the Go field but not its struct, and the linker keeps one
// record per distinct name and tag, so a fact is keyed by what the descriptors
// also know (Go name and number for inline; proto name and number for the
// others). Records that disagree on inline or on a JSON name stop the
// generator; omitempty is kept only where every record with the key agrees:
// `replicas` 1 is omitempty in ScaleSpec and not in ScaleStatus, so it is
// left unknown.

export interface GoStructTags {
  /** `${goFieldName}#${number}` of embedded fields tagged json:",inline". */
  inline: Set<string>;
  /** protoFieldKey → the JSON name, where it is not the proto name. */
  jsonNames: Map<string, string>;
  /** protoFieldKey → whether the JSON tag says omitempty. */
  omitempty: Map<string, boolean>;
}

/**
 * A proto field as both the struct tags and the descriptors know it. Not the
 * wire type: tags have it wrong at times (healthCheckNodePort is an int32
 * tagged "bytes").
 */
export function protoFieldKey(name: string, number: number | string): string {
  return `${name}#${number}`;
}

const embeddedFlag = 1 << 3;

interface FieldRecord {
  goName: string;
  embedded: boolean;
  tag: string;
}

function isIdentifierByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
}

/** The record whose tag starts at `tagStart`, or undefined if the bytes before it are not a record's name and tag length. */
function recordAt(binary: Buffer, tagStart: number): FieldRecord | undefined {
  // The tag length is a uvarint of one or two bytes; names are ASCII, so a byte >= 0x80 two back belongs to it.
  const twoBytes = (binary[tagStart - 2] ?? 0) >= 0x80;
  const tagLength = twoBytes ? (binary[tagStart - 2]! & 0x7f) | (binary[tagStart - 1]! << 7) : binary[tagStart - 1]!;
  const nameEnd = tagStart - (twoBytes ? 2 : 1);
  let nameStart = nameEnd;
  while (nameStart > 0 && isIdentifierByte(binary[nameStart - 1]!)) nameStart--;
  // A name of 48 bytes or more has a length byte that reads as an identifier character and is skipped; no API field name is that long.
  if (nameStart === nameEnd || binary[nameStart - 1] !== nameEnd - nameStart) return undefined;
  const tag = binary.toString('latin1', tagStart, tagStart + tagLength);
  if (!tag.endsWith('"')) return undefined;
  return { goName: binary.toString('latin1', nameStart, nameEnd), embedded: (binary[nameStart - 2]! & embeddedFlag) !== 0, tag };
}

function tagValue(tag: string, key: string): string | undefined {
  return new RegExp(`(?:^| )${key}:"([^"]*)"`).exec(tag)?.[1];
}

/** The values seen per key. */
class Agreement<T> {
  readonly #seen = new Map<string, Set<T>>();
  readonly #what: string;

  constructor(what: string) {
    this.#what = what;
  }

  add(key: string, value: T): void {
    const values = this.#seen.get(key) ?? new Set<T>();
    this.#seen.set(key, values.add(value));
  }

  /** Keys seen with one value; the others are left out. */
  unanimous(): Map<string, T> {
    return new Map([...this.#seen].filter(([, values]) => values.size === 1).map(([key, values]) => [key, [...values][0]!]));
  }

  /** Every key's value; throws if the records disagree on one. */
  agreed(): Map<string, T> {
    for (const [key, values] of this.#seen) if (values.size > 1) throw new Error(`struct tags disagree on ${this.#what} of ${key}: ${[...values].join(', ')}`);
    return this.unanimous();
  }
}

export function scanGoStructTags(binary: Buffer): GoStructTags {
  const inline = new Agreement<boolean>('whether it is inline');
  const jsonNames = new Agreement<string>('the JSON name');
  const omitempty = new Agreement<boolean>('omitempty');
  const marker = Buffer.from('json:"');
  for (let at = binary.indexOf(marker); at !== -1; at = binary.indexOf(marker, at + 1)) {
    const record = recordAt(binary, at);
    const json = record && tagValue(record.tag, 'json');
    const proto = record && tagValue(record.tag, 'protobuf');
    if (!record || json === undefined || proto === undefined) continue;
    const number = proto.split(',')[1]!;
    const [jsonName = '', ...jsonOptions] = json.split(',');
    inline.add(`${record.goName}#${number}`, record.embedded && jsonName === '');
    const protoName = /(?:^|,)name=([^,]+)/.exec(proto)?.[1];
    if (protoName === undefined || jsonName === '' || jsonName === '-') continue;
    const key = protoFieldKey(protoName, number);
    jsonNames.add(key, jsonName);
    omitempty.add(key, jsonOptions.includes('omitempty'));
  }
  return {
    inline: new Set([...inline.agreed()].filter(([, isInline]) => isInline).map(([key]) => key)),
    jsonNames: new Map([...jsonNames.agreed()].filter(([key, name]) => !key.startsWith(`${name}#`))),
    omitempty: omitempty.unanimous(),
  };
}
