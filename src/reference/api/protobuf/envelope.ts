// The envelope of a Kubernetes protobuf body: the magic "k8s\0", then a
// runtime.Unknown whose typeMeta names the object's apiVersion and kind and
// whose raw holds the object's own message.
import { badRequest } from '../status.ts';
import { messageType } from './schema.ts';

export const protobufMagic = Buffer.from('k8s\0', 'latin1');

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  /** Always empty from Kubernetes clients; upstream decodes raw as protobuf regardless. */
  contentEncoding: string;
  contentType: string;
}

interface DecodedUnknown {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
}

/** Throws a 400 ApiError, with kube-apiserver's words, for a body that is not an envelope. */
export function openEnvelope(body: Buffer): Envelope {
  if (body.length === 0) throw badRequest('empty data');
  if (body.length < protobufMagic.length || !body.subarray(0, protobufMagic.length).equals(protobufMagic)) {
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...protobufMagic].join(' ')}]`);
  }
  if (body.length === protobufMagic.length) throw badRequest('empty body');
  let unknown: DecodedUnknown;
  try {
    unknown = messageType('k8s.io.apimachinery.pkg.runtime.Unknown').decode(body.subarray(protobufMagic.length)) as DecodedUnknown;
  } catch (err) {
    throw badRequest(`the object provided is unrecognized: runtime.Unknown: ${(err as Error).message}`);
  }
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  if (kind === '') throw badRequest(`Object 'Kind' is missing in the protobuf envelope (apiVersion "${apiVersion}")`);
  if (apiVersion === '') throw badRequest(`Object 'apiVersion' is missing in the protobuf envelope (kind "${kind}")`);
  return {
    apiVersion,
    kind,
    raw: Buffer.from(unknown.raw ?? []),
    contentEncoding: unknown.contentEncoding ?? '',
    contentType: unknown.contentType ?? '',
  };
}
