// Reads and checks a NodeAgentConfig file: every field of agent-config.ts
// present with the right type, so that a bad file is refused at start with
// the field named, not found out later by a pod.
import { readFile } from 'node:fs/promises';
import type { NodeAgentConfig } from './agent-config.ts';

export class AgentConfigError extends Error {}

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string' && v !== '';
const isStringList: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isPositive: Check = (v) => typeof v === 'number' && v > 0;
const isPort: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536;
const isStringMap: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const taintEffects = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const isTaints: Check = (v) =>
  Array.isArray(v) &&
  v.every((t: { key?: unknown; value?: unknown; effect?: unknown }) => isString(t?.key) && (t.value === undefined || typeof t.value === 'string') && taintEffects.has(String(t.effect)));
const isCapacity: Check = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (c.cpu === undefined || isString(c.cpu)) && (c.memory === undefined || isString(c.memory)) && (c.pods === undefined || isPositive(c.pods));
};
const isServing: Check = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return isPort(s.port) && isString(s.certFile) && isString(s.keyFile) && isString(s.clientCAFile);
};

const isFlannel: Check = (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return isString(f.netConfFile) && isString(f.subnetFile) && Object.keys(f).length === 2;
};

const isKubeProxy: Check = (v) => {
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
  flannel: [(v) => v === undefined || isFlannel(v), '{netConfFile, subnetFile}'],
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
    if (!check(config[name])) throw new AgentConfigError(`${source}: field ${name}: expected ${expected}, got ${JSON.stringify(config[name])}`);
  }
  for (const name of Object.keys(config)) if (!(name in fields)) throw new AgentConfigError(`${source}: unknown field ${name}`);
  return config as unknown as NodeAgentConfig;
}

export async function readAgentConfig(path: string): Promise<NodeAgentConfig> {
  return parseAgentConfig(await readFile(path, 'utf8'), path);
}
