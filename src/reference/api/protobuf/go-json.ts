// A decoded protobuf message in the JSON form Go's encoding/json gives the
// same Go object: what kube-apiserver would store, and what kubectl sends when
// it speaks JSON.
//
// The wire format says which fields were sent; Go's JSON then drops some:
// - a pointer field (nullable) is on the wire exactly when it is set, and is
//   kept whatever its value, as Go keeps a non-nil pointer;
// - lists and maps are on the wire only when not empty, as omitempty wants;
// - a struct-valued field is always written by Go (omitempty does not apply
//   to structs), so `resources: {}` and `status: {}` stay, as in kubectl's own
//   JSON; a zero Time is left out (Go writes null, or omits it under omitzero
//   as creationTimestamp does);
// - a scalar value field (nullable false) is always on the wire, Go's zero
//   value included, and Go's JSON drops a zero "", false or 0 if the field's
//   tag says omitempty. The descriptor file knows the tag for most fields
//   (go-struct-tags.ts). Where it does not (a proto name and number that
//   structs tag both ways, like a condition's `type` or a status's `replicas`)
//   "" and false are dropped and 0 is kept. That guess is wrong for a zero
//   value only: `replicas: 0` stays in a status where Go omits it, and a
//   required string left empty (`name: ""`, `key: ""`) disappears where Go
//   writes it. The server reads an absent field and a zero one alike, so only
//   the stored text differs.
import protobuf from 'protobufjs';
import type { JsonValue } from '../object.ts';
import { inlineOption, nullableOption, omitemptyOption } from './field-options.ts';
import { formatMicroTime, formatTime } from './go-time.ts';

type JsonObject = { [key: string]: JsonValue };

type Decoded = Record<string, unknown>;

/**
 * A field the message was sent with. protobufjs keeps defaults on the
 * prototype and puts empty lists and maps on every instance; an empty list,
 * map or byte string is Go's nil either way.
 */
function sent(message: Decoded, name: string): unknown {
  if (!Object.hasOwn(message, name)) return undefined;
  const value = message[name];
  if ((Array.isArray(value) || ArrayBuffer.isView(value)) && (value as { length: number }).length === 0) return undefined;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0) return undefined;
  return value;
}

function int64(value: unknown): number {
  return typeof value === 'number' ? value : protobuf.util.LongBits.from(value as protobuf.Long).toNumber();
}

function parseRaw(raw: unknown, what: string): JsonValue {
  const text = Buffer.from(raw as Uint8Array).toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new Error(`${what} is not JSON: ${(err as Error).message}`);
  }
}

function quantity(m: Decoded): JsonValue {
  // The client's Go code wrote the Quantity's canonical String(); the zero Quantity is "0".
  return (sent(m, 'string') as string | undefined) || '0';
}

/** A Go slice type that gogo wraps in a message of one repeated field (type ExtraValue []string). */
function items(m: Decoded): JsonValue {
  return (sent(m, 'items') ?? []) as JsonValue;
}

/**
 * Message types whose Go type has its own MarshalJSON or is not a struct, by
 * full name. undefined stands for Go's zero value, which the field then omits.
 */
const goJsonForms: Record<string, (m: Decoded) => JsonValue | undefined> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': (m) => {
    const seconds = sent(m, 'seconds');
    return seconds === undefined ? undefined : formatTime(int64(seconds));
  },
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': (m) => {
    const seconds = sent(m, 'seconds');
    const nanos = sent(m, 'nanos') as number | undefined;
    return seconds === undefined && nanos === undefined ? undefined : formatMicroTime(int64(seconds ?? 0), nanos ?? 0);
  },
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': (m) => {
    const raw = sent(m, 'Raw');
    return raw === undefined ? undefined : parseRaw(raw, 'fieldsV1');
  },
  'k8s.io.apimachinery.pkg.runtime.RawExtension': (m) => {
    const raw = sent(m, 'raw');
    return raw === undefined ? undefined : parseRaw(raw, 'an embedded object (RawExtension)');
  },
  'k8s.io.apimachinery.pkg.api.resource.Quantity': quantity,
  'k8s.io.apimachinery.pkg.api.resource.QuantityValue': quantity,
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m) => {
    const isString = int64(sent(m, 'type') ?? 0) === 1;
    return isString ? ((sent(m, 'strVal') as string | undefined) ?? '') : ((sent(m, 'intVal') as number | undefined) ?? 0);
  },
  'k8s.io.apimachinery.pkg.apis.meta.v1.Verbs': items,
  'k8s.io.api.authentication.v1.ExtraValue': items,
  'k8s.io.api.authorization.v1.ExtraValue': items,
  'k8s.io.api.certificates.v1.ExtraValue': items,
};

/** One value of the field: the field's own value, or one element of its list or map. */
function elementJson(field: protobuf.Field, value: unknown): JsonValue | undefined {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) {
    const form = goJsonForms[type.fullName.slice(1)];
    return form ? form(value as Decoded) : goJson(type, value as Decoded);
  }
  if (field.type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if (field.type === 'int64') return int64(value);
  return value as JsonValue;
}

/** Whether Go's JSON leaves out this zero value of a scalar value field. */
function omitsZero(field: protobuf.Field, zero: '' | false | 0): boolean {
  const omitempty = field.options?.[omitemptyOption] as boolean | undefined;
  return omitempty ?? zero !== 0;
}

function fieldJson(field: protobuf.Field, value: unknown): JsonValue | undefined {
  if (field.map) {
    return Object.fromEntries(Object.entries(value as Decoded).map(([key, v]) => [key, elementJson(field, v) ?? null]));
  }
  if (field.repeated) return (value as unknown[]).map((v) => elementJson(field, v) ?? null);
  const json = elementJson(field, value);
  const valueField = field.options?.[nullableOption] === false;
  if (valueField && (json === '' || json === false || json === 0) && omitsZero(field, json)) return undefined;
  return json;
}

/** The JSON object of a decoded message of `type`; throws for an embedded JSON document that does not parse. */
export function goJson(type: protobuf.Type, message: Decoded): JsonObject {
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const value = sent(message, field.name);
    const json = value === undefined ? undefined : fieldJson(field, value);
    if (json === undefined) continue;
    if (field.options?.[inlineOption] === true) Object.assign(out, json);
    else out[field.name] = json;
  }
  return out;
}
