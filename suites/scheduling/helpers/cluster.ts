// What the scheduling scenarios share: the shapes of the objects they read,
// pod manifests, and node changes that undo themselves at cleanup. Only the
// Kubernetes API is used, so the scenarios run unchanged on any cluster.
import { ApiRequestError } from '../../../src/kube/api-client.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import type { ScenarioContext } from '../../../src/runner/scenario.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { allocatable?: Record<string, string> };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Pod extends KubeObject {
  spec: { nodeName?: string; containers: { resources?: { requests?: Record<string, string> } }[] };
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: { restartCount?: number }[];
  };
}

export const hostnameLabel = 'kubernetes.io/hostname';

/** A cpu quantity in millicores ("250m", "2", "0.5"). */
export function milliCpu(quantity: string | undefined): number {
  if (!quantity) return 0;
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

export function isSchedulable(node: Node): boolean {
  return !node.spec?.unschedulable && !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
}

/** The nodes new pods can land on; skips the scenario when there are fewer than `needed`. */
export async function schedulableNodes(ctx: ScenarioContext, needed: number): Promise<Node[]> {
  const nodes = ((await ctx.nodes()) as Node[]).filter(isSchedulable);
  if (nodes.length < needed) ctx.skip(`needs ${needed} schedulable node(s) (no NoSchedule/NoExecute taint, not cordoned), the cluster has ${nodes.length}`);
  return nodes;
}

export function nameOf(o: KubeObject): string {
  return o.metadata!.name!;
}

/** The node's value of kubernetes.io/hostname, which may differ from its name. */
export function hostnameOf(node: Node): string {
  return node.metadata?.labels?.[hostnameLabel] ?? nameOf(node);
}

export function podsPath(ctx: ScenarioContext): string {
  return `/api/v1/namespaces/${ctx.namespace}/pods`;
}

export interface PodOptions {
  labels?: Record<string, string>;
  cpu?: string;
  /** busybox (sleeping unless a command is given) by default. */
  image?: string;
  command?: string[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  spec?: Record<string, unknown>;
}

/** A small pod (10m cpu, busybox sleeping) unless the options say otherwise. */
export function pod(name: string, o: PodOptions = {}): KubeObject {
  const command = o.command ?? (o.image ? undefined : ['sleep', '3600']);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name, ...o.labels } },
    spec: {
      terminationGracePeriodSeconds: 0,
      ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
      containers: [{
        name: 'main',
        image: o.image ?? 'busybox',
        ...(command ? { command } : {}),
        resources: { requests: { cpu: o.cpu ?? '10m', memory: '16Mi' } },
      }],
      ...o.spec,
    },
  };
}

export function condition(p: Pod, type: string): PodCondition | undefined {
  return p.status?.conditions?.find((c) => c.type === type);
}

export function isRunning(p: Pod | undefined): p is Pod {
  return p?.status?.phase === 'Running' && !p.metadata?.deletionTimestamp;
}

export function named<T extends KubeObject>(objects: T[], name: string): T | undefined {
  return objects.find((o) => nameOf(o) === name);
}

/** The named pod of the scenario's namespace, once holds(pod) is true (through a watch). */
export async function waitForPod(ctx: ScenarioContext, name: string, holds: (p: Pod) => boolean, what: string): Promise<Pod> {
  return await ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
    const p = named(pods, name);
    return p && holds(p) ? p : undefined;
  }, what) as Pod;
}

export async function waitRunning(ctx: ScenarioContext, name: string): Promise<Pod> {
  return waitForPod(ctx, name, isRunning, `pod ${name} running`);
}

export async function waitUnschedulable(ctx: ScenarioContext, name: string): Promise<PodCondition> {
  const p = await waitForPod(ctx, name, (found) => {
    const c = condition(found, 'PodScheduled');
    return c?.status === 'False' && c.reason === 'Unschedulable';
  }, `pod ${name} marked PodScheduled=False reason Unschedulable`);
  ctx.expect.equal(p.spec.nodeName, undefined, `pod ${name} is not bound to a node`);
  return condition(p, 'PodScheduled')!;
}

/** Resolves with the pod as last seen, once it is gone or being deleted. */
export async function waitDeleted(ctx: ScenarioContext, name: string, what: string): Promise<Pod> {
  let last: Pod = { metadata: { name }, spec: { containers: [] } };
  return await ctx.waitFor<Pod>(podsPath(ctx), (pods) => {
    const p = named(pods, name);
    if (p && !p.metadata?.deletionTimestamp) {
      last = p;
      return undefined;
    }
    return p ?? last;
  }, what) as Pod;
}

function nodePath(node: Node): string {
  return `/api/v1/nodes/${nameOf(node)}`;
}

/** A run-unique label key, so concurrent runs and leftovers never match. */
export function runLabelKey(ctx: ScenarioContext, purpose: string): string {
  return `kdrill.dev/${purpose}-${ctx.runId}`.slice(0, 63 + 'kdrill.dev/'.length);
}

export async function labelNode(ctx: ScenarioContext, node: Node, key: string, value: string): Promise<void> {
  ctx.defer(async () => void (await ctx.patch(nodePath(node), 'merge', { metadata: { labels: { [key]: null } } })));
  await ctx.patch(nodePath(node), 'merge', { metadata: { labels: { [key]: value } } });
  ctx.step(`labelled node ${nameOf(node)} ${key}=${value}`);
}

/** Adds a taint; the undo removes it again, leaving the node's other taints as they are then. */
export async function taintNode(ctx: ScenarioContext, node: Node, taint: Taint): Promise<void> {
  // Read-modify-write: kubelets update their nodes all the time, so a conflict is retried.
  const setTaints = async (change: (taints: Taint[]) => Taint[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const current = await ctx.client.get<Node>(nodePath(node));
      try {
        await ctx.client.update(nodePath(node), { ...current, spec: { ...current.spec, taints: change(current.spec?.taints ?? []) } });
        return;
      } catch (err) {
        if (!(err instanceof ApiRequestError && err.code === 409) || attempt === 5) throw err;
      }
    }
  };
  ctx.defer(() => setTaints((taints) => taints.filter((t) => !(t.key === taint.key && t.effect === taint.effect))));
  await setTaints((taints) => [...taints, taint]);
  ctx.step(`tainted node ${nameOf(node)} ${taint.key}=${taint.value ?? ''}:${taint.effect}`);
}

export async function cordonNode(ctx: ScenarioContext, node: Node): Promise<void> {
  ctx.defer(async () => void (await ctx.patch(nodePath(node), 'merge', { spec: { unschedulable: null } })));
  await ctx.patch(nodePath(node), 'merge', { spec: { unschedulable: true } });
  ctx.step(`cordoned node ${nameOf(node)}`);
}

/** Pins a pod to one node by its hostname label, through the scheduler (not spec.nodeName). */
export function onNode(node: Node): Record<string, unknown> {
  return { nodeSelector: { [hostnameLabel]: hostnameOf(node) } };
}
