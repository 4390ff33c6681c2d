// The files of configMap, secret, downwardAPI and projected volumes
// (pkg/volume/configmap, secret, downwardapi, projected): every key, or the
// items asked for, with defaultMode or the item's mode; a missing source or
// key is an error unless the source is optional.
import type { ConfigSource, ConfigSources } from '../container-env.ts';
import { fieldRefValue, resourceFieldValue } from '../downward-api.ts';
import type { DownwardAPIVolumeFile, KeyToPath, Pod, VolumeProjection } from '../pod-types.ts';
import type { Payload } from './atomic-writer.ts';

export class VolumeSourceError extends Error {}

/** The API default of defaultMode (0644). */
const defaultFileMode = 0o644;

export interface PayloadContext {
  pod: Pod;
  sources: ConfigSources;
  nodeAllocatable: Record<string, string>;
  /** A bound service account token for the pod (TokenRequest), or undefined when the API does not serve it. */
  serviceAccountToken(audience: string | undefined, expirationSeconds: number): Promise<string | undefined>;
}

function sourceValues(source: ConfigSource, kind: 'configmap' | 'secret'): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(source.data ?? {})) values.set(k, kind === 'secret' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries(source.binaryData ?? {})) values.set(k, Buffer.from(v, 'base64'));
  return values;
}

async function keyedFiles(
  ctx: PayloadContext,
  kind: 'configmap' | 'secret',
  name: string,
  items: KeyToPath[] | undefined,
  optional: boolean | undefined,
  mode: number,
): Promise<Payload> {
  const namespace = ctx.pod.metadata?.namespace ?? '';
  const source = kind === 'configmap' ? await ctx.sources.configMap(namespace, name) : await ctx.sources.secret(namespace, name);
  const payload: Payload = new Map();
  if (!source) {
    if (optional) return payload;
    throw new VolumeSourceError(`${kind} "${name}" not found`);
  }
  const values = sourceValues(source, kind);
  if (!items || items.length === 0) {
    for (const [k, v] of values) payload.set(k, { content: v, mode });
    return payload;
  }
  for (const item of items) {
    const value = values.get(item.key);
    if (value === undefined) {
      if (optional) continue;
      throw new VolumeSourceError(`${kind === 'configmap' ? 'configmap' : 'secret'} references non-existent ${kind === 'configmap' ? 'config' : 'secret'} key: ${item.key}`);
    }
    payload.set(item.path, { content: value, mode: item.mode ?? mode });
  }
  return payload;
}

function downwardFiles(ctx: PayloadContext, items: DownwardAPIVolumeFile[] | undefined, mode: number): Payload {
  const payload: Payload = new Map();
  for (const item of items ?? []) {
    let value = '';
    if (item.fieldRef) value = fieldRefValue(ctx.pod, item.fieldRef, true);
    else if (item.resourceFieldRef) value = resourceFieldValue(ctx.pod, item.resourceFieldRef, item.resourceFieldRef.containerName ?? '', ctx.nodeAllocatable);
    payload.set(item.path, { content: Buffer.from(value, 'utf8'), mode: item.mode ?? mode });
  }
  return payload;
}

export function configMapPayload(ctx: PayloadContext, source: { name: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean }): Promise<Payload> {
  return keyedFiles(ctx, 'configmap', source.name, source.items, source.optional, source.defaultMode ?? defaultFileMode);
}

export function secretPayload(ctx: PayloadContext, source: { secretName: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean }): Promise<Payload> {
  return keyedFiles(ctx, 'secret', source.secretName, source.items, source.optional, source.defaultMode ?? defaultFileMode);
}

export function downwardApiPayload(ctx: PayloadContext, source: { items?: DownwardAPIVolumeFile[]; defaultMode?: number }): Payload {
  return downwardFiles(ctx, source.items, source.defaultMode ?? defaultFileMode);
}

export async function projectedPayload(ctx: PayloadContext, source: { sources?: VolumeProjection[]; defaultMode?: number }): Promise<Payload> {
  const mode = source.defaultMode ?? defaultFileMode;
  const payload: Payload = new Map();
  const add = (files: Payload) => {
    for (const [path, file] of files) payload.set(path, file);
  };
  for (const s of source.sources ?? []) {
    if (s.configMap) add(await keyedFiles(ctx, 'configmap', s.configMap.name, s.configMap.items, s.configMap.optional, mode));
    if (s.secret) add(await keyedFiles(ctx, 'secret', s.secret.name, s.secret.items, s.secret.optional, mode));
    if (s.downwardAPI) add(downwardFiles(ctx, s.downwardAPI.items, mode));
    if (s.serviceAccountToken) {
      const token = await ctx.serviceAccountToken(s.serviceAccountToken.audience, s.serviceAccountToken.expirationSeconds ?? 3600);
      if (token !== undefined) payload.set(s.serviceAccountToken.path, { content: Buffer.from(token, 'utf8'), mode });
    }
  }
  return payload;
}
