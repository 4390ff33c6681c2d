// A request body in Kubernetes protobuf, as the JSON object the rest of the
// API server works on. Typed clients (kubectl's create and run commands,
// helm's release storage) send built-in objects this way.
import type { KubeObject } from '../object.ts';
import { ApiError, badRequest } from '../status.ts';
import { openEnvelope, type Envelope } from './envelope.ts';
import { goJson } from './go-json.ts';
import { messageTypeFor } from './schema.ts';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** What kube-apiserver answers when protobuf reaches a group that takes JSON only, as custom resources do. */
function unsupportedGroupVersion(apiVersion: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (no protobuf schema for ${apiVersion})`,
  );
}

function cannotBeHandled(e: Envelope, why: string): ApiError {
  return badRequest(`${e.kind} in version "${e.apiVersion.split('/').pop()}" cannot be handled as a ${e.kind}: ${why}`);
}

/**
 * Throws a 400 ApiError for a malformed body or a kind the group version does
 * not have, a 415 one for a group version without protobuf messages.
 */
export function decodeProtobufObject(body: Buffer): KubeObject {
  const envelope = openEnvelope(body);
  const { apiVersion, kind } = envelope;
  const lookup = messageTypeFor(apiVersion, kind);
  if ('missing' in lookup) {
    if (lookup.missing === 'group version') throw unsupportedGroupVersion(apiVersion);
    throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
  }
  if (envelope.contentEncoding !== '') throw cannotBeHandled(envelope, `content encoding "${envelope.contentEncoding}" is not supported`);
  if (envelope.contentType !== '' && envelope.contentType !== protobufMediaType) {
    throw cannotBeHandled(envelope, `raw content type "${envelope.contentType}" is not supported`);
  }
  try {
    const message = lookup.type.decode(envelope.raw) as unknown as Record<string, unknown>;
    return { kind, apiVersion, ...goJson(lookup.type, message) };
  } catch (err) {
    throw cannotBeHandled(envelope, (err as Error).message);
  }
}
