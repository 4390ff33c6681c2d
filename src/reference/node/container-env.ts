// A container's environment as the kubelet makes it
// (kubelet_pods.go makeEnvironmentVariables): envFrom first, then env in
// order (a value with $(VAR) expanded against the variables so far and the
// service variables, or a valueFrom resolved), then the service variables not
// otherwise defined. The image's own Env goes under all of them.
import type { KubeObject } from '../api/object.ts';
import { fieldRefValue, resourceFieldValue } from './downward-api.ts';
import { expand, lookupIn } from './env-expansion.ts';
import type { Container, Pod } from './pod-types.ts';

export interface ConfigSource extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

/** How the agent reads ConfigMaps and Secrets: undefined when absent. */
export interface ConfigSources {
  configMap(namespace: string, name: string): Promise<ConfigSource | undefined>;
  secret(namespace: string, name: string): Promise<ConfigSource | undefined>;
}

/** The container cannot be configured; its waiting reason is CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

export interface EnvContext {
  pod: Pod;
  container: Container;
  sources: ConfigSources;
  serviceEnv: ReadonlyMap<string, string>;
  nodeAllocatable: Record<string, string>;
}

function decoded(source: ConfigSource, kind: 'ConfigMap' | 'Secret'): Map<string, string> {
  const values = new Map<string, string>();
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries(source.data ?? {})) values.set(k, Buffer.from(v, 'base64').toString('utf8'));
  } else {
    for (const [k, v] of Object.entries(source.data ?? {})) values.set(k, v);
    for (const [k, v] of Object.entries(source.binaryData ?? {})) values.set(k, Buffer.from(v, 'base64').toString('utf8'));
  }
  return values;
}

async function fetchSource(ctx: EnvContext, kind: 'ConfigMap' | 'Secret', name: string): Promise<Map<string, string> | undefined> {
  const namespace = ctx.pod.metadata?.namespace ?? '';
  const source = kind === 'ConfigMap' ? await ctx.sources.configMap(namespace, name) : await ctx.sources.secret(namespace, name);
  return source && decoded(source, kind);
}

function notFound(kind: 'ConfigMap' | 'Secret', name: string): ContainerConfigError {
  return new ContainerConfigError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`);
}

export async function containerEnv(ctx: EnvContext): Promise<Record<string, string>> {
  const { pod, container } = ctx;
  const namespace = pod.metadata?.namespace ?? '';
  const defined = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const values = await fetchSource(ctx, kind, ref.name);
    if (!values) {
      if (ref.optional) continue;
      throw notFound(kind, ref.name);
    }
    for (const [k, v] of values) defined.set(`${from.prefix ?? ''}${k}`, v);
  }
  const lookup = lookupIn(defined, ctx.serviceEnv);
  for (const v of container.env ?? []) {
    let value = v.value ?? '';
    const from = v.valueFrom;
    if (value !== '') value = expand(value, lookup);
    else if (from?.fieldRef) value = fieldRefValue(pod, from.fieldRef, false);
    else if (from?.resourceFieldRef) value = resourceFieldValue(pod, from.resourceFieldRef, container.name, ctx.nodeAllocatable);
    else if (from?.configMapKeyRef || from?.secretKeyRef) {
      const ref = (from.configMapKeyRef ?? from.secretKeyRef)!;
      const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const values = await fetchSource(ctx, kind, ref.name ?? '');
      const found = values?.get(ref.key);
      if (found === undefined) {
        if (ref.optional) continue;
        if (!values) throw notFound(kind, ref.name ?? '');
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name}`);
      }
      value = found;
    }
    defined.set(v.name, value);
  }
  const env: Record<string, string> = {};
  for (const [k, v] of ctx.serviceEnv) env[k] = v;
  for (const [k, v] of defined) env[k] = v;
  return env;
}

/** The image's KEY=VALUE pairs under the container's variables. */
export function withImageEnv(imageEnv: string[], env: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const pair of imageEnv) {
    const i = pair.indexOf('=');
    if (i > 0) merged[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return { ...merged, ...env };
}
