// Reads and checks a NodeAgentConfig file: every field of agent-config.ts
// present with the right type, so that a bad file is refused at start with
// the field named, not found out later by a pod.
import { readFile } from 'node:fs/promises';
import type { NodeAgentConfig } from './agent-config.ts';

export class AgentConfigError extends Error {}

type Predicate = (value: unknown) => boolean;
/** true when the value is right; false, or what is wrong with it, when not. */
type Check = (value: unknown) => boolean | string;

const isString: Predicate = (v) => typeof v === 'string' && v !== '';
const isStringList: Predicate = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isPositive: Predicate = (v) => typeof v === 'number' && v > 0;
const isPort: Predicate = (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536;
const isStringMap: Predicate = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const taintEffects = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const isTaints: Predicate = (v) =>
  Array.isArray(v) &&
  v.every((t: { key?: unknown; value?: unknown; effect?: unknown }) => isString(t?.key) && (t.value === undefined || typeof t.value === 'string') && taintEffects.has(String(t.effect)));
const isCapacity: Predicate = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (c.cpu === undefined || isString(c.cpu)) && (c.memory === undefined || isString(c.memory)) && (c.pods === undefined || isPositive(c.pods));
};
const isServing: Predicate = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return isPort(s.port) && isString(s.certFile) && isString(s.keyFile) && isString(s.clientCAFile);
};

function unknownKey(value: object, known: readonly string[], path: string): string | undefined {
  const extra = Object.keys(value).find((k) => !known.includes(k));
  return extra === undefined ? undefined : `unknown field ${path}.${extra}`;
}

const isFlannelEtcd = (v: unknown): true | string => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'etcd: expected {endpoints, prefix, caFile, certFile, keyFile}';
  const e = v as Record<string, unknown>;
  const endpoints = e.endpoints;
  if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every((u) => typeof u === 'string' && /^https:\/\/[^/]+$/.test(u))) {
    return `etcd.endpoints: expected a list of https://HOST:PORT URLs (the client presents certFile), got ${JSON.stringify(endpoints)}`;
  }
  if (typeof e.prefix !== 'string' || !/^\/./.test(e.prefix)) return `etcd.prefix: expected a key prefix such as /coreos.com/network, got ${JSON.stringify(e.prefix)}`;
  for (const file of ['caFile', 'certFile', 'keyFile'] as const) {
    if (!isString(e[file])) return `etcd.${file}: expected a path, got ${JSON.stringify(e[file])}`;
  }
  return unknownKey(e, ['endpoints', 'prefix', 'caFile', 'certFile', 'keyFile'], 'etcd') ?? true;
};

const isFlannel: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const f = v as Record<string, unknown>;
  if (!isString(f.subnetFile)) return `subnetFile: expected a path, got ${JSON.stringify(f.subnetFile)}`;
  const manager = 'netConfFile (the kube subnet manager) or etcd (the etcd subnet manager)';
  if (f.netConfFile !== undefined && f.etcd !== undefined) return `give ${manager}, not both`;
  if (f.netConfFile === undefined && f.etcd === undefined) return `give ${manager}`;
  if (f.netConfFile !== undefined && !isString(f.netConfFile)) return `netConfFile: expected a path, got ${JSON.stringify(f.netConfFile)}`;
  if (f.etcd !== undefined) {
    const etcd = isFlannelEtcd(f.etcd);
    if (etcd !== true) return etcd;
  }
  return unknownKey(f, ['subnetFile', 'netConfFile', 'etcd'], 'flannel') ?? true;
};

const isKubeProxy: Predicate = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const k = v as Record<string, unknown>;
  return isString(k.kubeconfig) && isString(k.clusterCIDR) && Object.keys(k).length === 2;
};

const fields: Record<keyof NodeAgentConfig, [Check, string]> = {
  nodeName: [isString, 'a node name'],
  kubeconfig: [isString, 'a kubeconfig path'],
  nodeIP: [(v) => isString(v) && /^\d{1,3}(\.\d{1,3}){3}$/.test(String(v)), 'an IPv4 address'],
  labels: [isStringMap, 'a map of strings'],
  taints: [isTaints, 'a list of {key, value?, effect: NoSchedule|PreferNoSchedule|NoExecute}'],
  capacity: [isCapacity, '{cpu?: string, memory?: string, pods?: number}'],
  rootDir: [isString, 'a directory'],
  podLogDir: [isString, 'a directory'],
  clusterDomain: [isString, 'a domain'],
  clusterDNS: [isStringList, 'a list of addresses'],
  serving: [isServing, '{port, certFile, keyFile, clientCAFile}'],
  bridge: [isString, 'a device name'],
  mtu: [(v) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 576), 'an MTU of at least 576'],
  flannel: [(v) => v === undefined || isFlannel(v), '{subnetFile, netConfFile} or {subnetFile, etcd}'],
  kubeProxy: [(v) => v === undefined || isKubeProxy(v), '{kubeconfig, clusterCIDR}'],
  containerLogMaxSize: [isString, 'a quantity such as 10Mi'],
  containerLogMaxFiles: [(v) => typeof v === 'number' && Number.isInteger(v) && v >= 2, 'a whole number of at least 2'],
  leaseRenewSeconds: [isPositive, 'a positive number of seconds'],
  statusReportSeconds: [isPositive, 'a positive number of seconds'],
};

export function parseAgentConfig(text: string, source: string): NodeAgentConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AgentConfigError(`${source}: not JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new AgentConfigError(`${source}: expected a JSON object`);
  const config = json as Record<string, unknown>;
  for (const [name, [check, expected]] of Object.entries(fields)) {
    const verdict = check(config[name]);
    if (typeof verdict === 'string') throw new AgentConfigError(`${source}: field ${name}: ${verdict}`);
    if (!verdict) throw new AgentConfigError(`${source}: field ${name}: expected ${expected}, got ${JSON.stringify(config[name])}`);
  }
  for (const name of Object.keys(config)) if (!(name in fields)) throw new AgentConfigError(`${source}: unknown field ${name}`);
  return config as unknown as NodeAgentConfig;
}

export async function readAgentConfig(path: string): Promise<NodeAgentConfig> {
  return parseAgentConfig(await readFile(path, 'utf8'), path);
}
