// Reads and strictly validates a cluster file: unknown fields are errors (as
// kind's strict decoding), and every error carries the line of the offending
// node, taken from the YAML parser's source ranges.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { clusterApiVersion, type ClusterFile, type NetworkingSpec, type NodeSpec, type Taint } from './cluster-file.ts';
import { ClusterFileError } from './cluster-file-error.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const quantity = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const ipv4WithPort = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5]))?$/;
const ipv4Cidr = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/([0-9]|[12][0-9]|3[0-2])$/;

class Reader {
  readonly file: string;
  readonly lines: LineCounter;

  constructor(file: string, lines: LineCounter) {
    this.file = file;
    this.lines = lines;
  }

  fail(node: Node | null | undefined, field: string, problem: string): never {
    const offset = node?.range?.[0];
    throw new ClusterFileError(this.file, offset === undefined ? 1 : this.lines.linePos(offset).line, field, problem);
  }

  /** The map's fields by name; a field not in `allowed` is an error at its key's line. */
  fields(node: Node | null | undefined, field: string, allowed: string[], parent?: Node): Map<string, Node | null> {
    if (!isMap(node)) this.fail(node ?? parent, field || '(document)', `must be a mapping with fields ${allowed.join(', ')}`);
    const out = new Map<string, Node | null>();
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const path = field ? `${field}.${key}` : key;
      if (!allowed.includes(key)) this.fail(pair.key, path, `unknown field (expected one of: ${allowed.join(', ')})`);
      out.set(key, pair.value);
    }
    return out;
  }

  string(node: Node | null | undefined, field: string, expected: string, parent: Node, pattern?: RegExp): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') this.fail(node ?? parent, field, `must be ${expected}`);
    if (pattern && !pattern.test(node.value)) this.fail(node, field, `"${node.value}" is not ${expected}`);
    return node.value;
  }

  /** Numbers are accepted where Kubernetes takes a quantity (cpu: 4). */
  quantity(node: Node | null | undefined, field: string, parent: Node): string {
    if (isScalar(node) && typeof node.value === 'number') node.value = String(node.value);
    return this.string(node, field, 'a quantity, e.g. 4, 500m, 16Gi', parent, quantity);
  }

  oneOf<T extends string>(node: Node | null | undefined, field: string, values: readonly T[], parent: Node): T {
    const v = this.string(node, field, `one of ${values.join(' | ')}`, parent);
    if (!(values as readonly string[]).includes(v)) this.fail(node, field, `"${v}" is not one of ${values.join(' | ')}`);
    return v as T;
  }

  list(node: Node | null | undefined, field: string, expected: string, parent: Node): Node[] {
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) this.fail(node ?? parent, field, `must be a list of ${expected}`);
    return node.items as Node[];
  }

  labels(node: Node | null | undefined, field: string, parent: Node): Record<string, string> {
    if (node === undefined || (isScalar(node) && node.value === null)) return {};
    if (!isMap(node)) this.fail(node ?? parent, field, 'must be a mapping of label keys to string values');
    const out: Record<string, string> = {};
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (!isScalar(value) || value.value === null || typeof value.value === 'object') this.fail(value ?? pair.key, `${field}.${key}`, 'must be a string value');
      out[key] = String(value.value);
    }
    return out;
  }
}

function readTaint(r: Reader, node: Node, field: string): Taint {
  const f = r.fields(node, field, ['key', 'value', 'effect']);
  const taint: Taint = {
    key: r.string(f.get('key'), `${field}.key`, 'a taint key, e.g. dedicated', node),
    effect: r.oneOf(f.get('effect'), `${field}.effect`, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const, node),
  };
  if (f.has('value')) taint.value = r.string(f.get('value'), `${field}.value`, 'a string', node);
  return taint;
}

function readNode(r: Reader, node: Node, field: string): NodeSpec {
  const f = r.fields(node, field, ['role', 'labels', 'taints', 'cpu', 'memory']);
  const spec: NodeSpec = {
    role: r.oneOf(f.get('role'), `${field}.role`, ['control-plane', 'worker'] as const, node),
    labels: r.labels(f.get('labels'), `${field}.labels`, node),
    taints: r.list(f.get('taints'), `${field}.taints`, 'taints {key, value, effect}', node).map((t, i) => readTaint(r, t, `${field}.taints[${i}]`)),
  };
  if (f.has('cpu')) spec.cpu = r.quantity(f.get('cpu'), `${field}.cpu`, node);
  if (f.has('memory')) spec.memory = r.quantity(f.get('memory'), `${field}.memory`, node);
  return spec;
}

function readNetworking(r: Reader, node: Node | null | undefined, parent: Node): NetworkingSpec {
  const networking: NetworkingSpec = { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', backend: 'vxlan', subnetManager: 'kube' };
  if (node === undefined) return networking;
  const field = 'spec.networking';
  const f = r.fields(node, field, ['podSubnet', 'serviceSubnet', 'backend', 'subnetManager', 'mtu', 'dnsUpstreams'], parent);
  const cidr = 'an IPv4 CIDR, e.g. 10.244.0.0/16';
  if (f.has('podSubnet')) networking.podSubnet = r.string(f.get('podSubnet'), `${field}.podSubnet`, cidr, node!, ipv4Cidr);
  if (f.has('serviceSubnet')) networking.serviceSubnet = r.string(f.get('serviceSubnet'), `${field}.serviceSubnet`, cidr, node!, ipv4Cidr);
  if (f.has('backend')) networking.backend = r.oneOf(f.get('backend'), `${field}.backend`, ['vxlan', 'host-gw'] as const, node!);
  if (f.has('subnetManager')) networking.subnetManager = r.oneOf(f.get('subnetManager'), `${field}.subnetManager`, ['kube', 'etcd'] as const, node!);
  if (f.has('mtu')) {
    const mtu = f.get('mtu');
    if (!isScalar(mtu) || typeof mtu.value !== 'number' || !Number.isInteger(mtu.value) || mtu.value < 576 || mtu.value > 9216) {
      r.fail(mtu ?? node, `${field}.mtu`, 'must be a whole number of bytes from 576 to 9216, e.g. 1450');
    }
    networking.mtu = mtu.value;
  }
  if (f.has('dnsUpstreams')) {
    networking.dnsUpstreams = r.list(f.get('dnsUpstreams'), `${field}.dnsUpstreams`, 'DNS server addresses', node!)
      .map((item, i) => r.string(item, `${field}.dnsUpstreams[${i}]`, 'an IPv4 address with an optional port, e.g. 192.168.1.1 or 192.168.1.1:5353', node!, ipv4WithPort));
  }
  return networking;
}

export async function loadClusterFile(path: string): Promise<ClusterFile> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ClusterFileError(path, 0, '', `cannot read the cluster file: ${(err as Error).message}`);
  }
  return parseClusterFile(text, path, file);
}

/** Validates `text`; `displayPath` is what errors name, `file` the absolute path relative paths resolve against. */
export function parseClusterFile(text: string, displayPath: string, file: string): ClusterFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const r: Reader = new Reader(displayPath, lines);
  const syntax = doc.errors[0];
  if (syntax) throw new ClusterFileError(displayPath, lines.linePos(syntax.pos[0]).line, '', `not valid YAML: ${syntax.message.split('\n')[0]}`);
  const root = doc.contents as Node | null;
  const top = r.fields(root, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  const rootNode = root!;
  const apiVersion = r.string(top.get('apiVersion'), 'apiVersion', clusterApiVersion, rootNode);
  if (apiVersion !== clusterApiVersion) r.fail(top.get('apiVersion'), 'apiVersion', `"${apiVersion}" is not supported (expected ${clusterApiVersion})`);
  const kind = r.string(top.get('kind'), 'kind', 'Cluster', rootNode);
  if (kind !== 'Cluster') r.fail(top.get('kind'), 'kind', `"${kind}" is not Cluster`);
  const metaNode = top.get('metadata');
  const meta = r.fields(metaNode, 'metadata', ['name'], rootNode);
  const name = r.string(meta.get('name'), 'metadata.name', 'a DNS label (lower-case letters, digits and -, at most 63)', metaNode!, dnsLabel);

  const specNode = top.get('spec');
  const s = r.fields(specNode, 'spec', ['provider', 'nodes', 'networking', 'store', 'kubeconfig', 'reference'], rootNode);
  const spec = specNode!;
  const provider = r.oneOf(s.get('provider'), 'spec.provider', ['reference', 'kubeconfig', 'kind', 'k3s'] as const, spec);
  const nodes = r.list(s.get('nodes'), 'spec.nodes', 'nodes {role, labels, taints, cpu, memory}', spec).map((n, i) => readNode(r, n, `spec.nodes[${i}]`));
  if (provider !== 'kubeconfig' && !nodes.some((n) => n.role === 'control-plane')) {
    r.fail(s.get('nodes') ?? spec, 'spec.nodes', `provider ${provider} needs at least one node with role: control-plane`);
  }
  const cluster: ClusterFile = {
    apiVersion: clusterApiVersion,
    kind: 'Cluster',
    metadata: { name },
    spec: {
      provider,
      nodes,
      networking: readNetworking(r, s.get('networking'), spec),
      store: s.has('store') ? r.oneOf(s.get('store'), 'spec.store', ['embedded', 'etcd'] as const, spec) : 'embedded',
    },
    path: file,
  };

  const kubeconfigNode = s.get('kubeconfig');
  if (provider === 'kubeconfig' && !s.has('kubeconfig')) r.fail(spec, 'spec.kubeconfig', 'provider kubeconfig needs spec.kubeconfig: {path: PATH, context: NAME}');
  if (s.has('kubeconfig')) {
    if (provider !== 'kubeconfig') r.fail(kubeconfigNode, 'spec.kubeconfig', `only for provider kubeconfig (this file's provider is ${provider})`);
    const k = r.fields(kubeconfigNode, 'spec.kubeconfig', ['path', 'context'], spec);
    const kubeconfig: { path: string; context?: string } = {
      path: resolve(dirname(file), r.string(k.get('path'), 'spec.kubeconfig.path', 'a path to a kubeconfig file', kubeconfigNode!)),
    };
    if (k.has('context')) kubeconfig.context = r.string(k.get('context'), 'spec.kubeconfig.context', 'a context name in that kubeconfig', kubeconfigNode!);
    cluster.spec.kubeconfig = kubeconfig;
  }
  const referenceNode = s.get('reference');
  if (s.has('reference')) {
    if (provider !== 'reference') r.fail(referenceNode, 'spec.reference', `only for provider reference (this file's provider is ${provider})`);
    const ref = r.fields(referenceNode, 'spec.reference', ['simulated', 'nodeMonitorGracePeriodSeconds', 'defaultTolerationSeconds'], spec);
    const simulated = ref.get('simulated');
    if (!isScalar(simulated) || typeof simulated.value !== 'boolean') r.fail(simulated ?? referenceNode, 'spec.reference.simulated', 'must be true or false');
    cluster.spec.reference = { simulated: simulated.value };
    for (const key of ['nodeMonitorGracePeriodSeconds', 'defaultTolerationSeconds'] as const) {
      if (!ref.has(key)) continue;
      const v = ref.get(key);
      if (!isScalar(v) || typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value < 1) r.fail(v ?? referenceNode, `spec.reference.${key}`, 'must be a whole number of seconds, at least 1, e.g. 40');
      cluster.spec.reference[key] = v.value;
    }
    if (simulated.value === false) {
      // Nodes in containers (src/clusters/container-cluster-create.ts): one control-plane container, which runs etcd too with store: etcd.
      const second = nodes.findIndex((n, i) => n.role === 'control-plane' && i > nodes.findIndex((m) => m.role === 'control-plane'));
      const nodeItems = s.get('nodes');
      if (second !== -1 && isSeq(nodeItems)) r.fail(nodeItems.items[second] as Node, `spec.nodes[${second}].role`, 'nodes in containers have one control plane; make the others workers');
    }
  }
  if (cluster.spec.networking.subnetManager === 'etcd') {
    const networkingNode = s.get('networking');
    const at = (isMap(networkingNode) ? networkingNode.get('subnetManager', true) : networkingNode) as Node;
    if (provider !== 'reference' || cluster.spec.reference?.simulated !== false) {
      r.fail(at, 'spec.networking.subnetManager', 'etcd is for reference clusters in containers (provider: reference, reference.simulated: false); kind and k3s run their own network');
    }
    if (cluster.spec.store !== 'etcd') r.fail(at, 'spec.networking.subnetManager', 'etcd leases flannel subnets in the cluster\'s etcd: set store: etcd too');
  }
  return cluster;
}
