// The DaemonSet controller, as upstream's pkg/controller/daemon: one pod per
// node the pod belongs on (daemonset-node-fit.ts), pinned there by node
// affinity on metadata.name, replaced node by node when the template changes
// (within maxUnavailable, or with maxSurge by starting the new pod beside the
// old one), and the status `kubectl rollout status` reads.
import { objectKey, splitKey } from '../../kube/informer.ts';
import { createWorkQueue } from '../../kube/rate-limited-queue.ts';
import type { KubeObject } from '../api/object.ts';
import type { LabelSelectorObject } from '../api/selectors/index.ts';
import type { Controller, ControllerContext } from './controller-context.ts';
import { claimObjects, controllerOf, newControllerRef, specSelector } from './controller-ref.ts';
import { daemonPlacement, pinnedToNode, targetNodeName, withDaemonPodTolerations, type DaemonPodSpec } from './daemonset-node-fit.ts';
import { computeTemplateHash } from './template-hash.ts';
import { createPod, deletePod, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, podsPath } from './pod-control.ts';

const revisionHashLabel = 'controller-revision-hash';

interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelectorObject;
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: DaemonPodSpec };
    minReadySeconds?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  };
  status?: Record<string, unknown>;
}

interface Pod extends KubeObject {
  spec?: DaemonPodSpec;
  status?: { phase?: string };
}

/** Upstream's intstr.GetScaledValueFromIntOrPercent, rounding up, as the DaemonSet rolling update does. */
function scaled(value: number | string | undefined, total: number, fallback: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value ?? '');
  return percent ? Math.ceil((Number(percent[1]) * total) / 100) : fallback;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function creationOrder(a: Pod, b: Pod): number {
  return Date.parse(a.metadata?.creationTimestamp ?? '') - Date.parse(b.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

export async function startDaemonSetController(ctx: ControllerContext): Promise<Controller> {
  const daemonSets = ctx.informers.for<DaemonSet>('/apis/apps/v1/daemonsets');
  const pods = ctx.informers.for<Pod>('/api/v1/pods');
  const nodes = ctx.informers.for('/api/v1/nodes');
  const events = ctx.events('daemonset-controller');
  const queue = createWorkQueue({ log: ctx.log });

  const enqueue = (ds: KubeObject) => queue.add(objectKey(ds));
  const enqueueOwner = (pod: Pod) => {
    const ref = controllerOf(pod);
    if (ref?.kind === 'DaemonSet') queue.add(`${pod.metadata?.namespace}/${ref.name}`);
  };
  const enqueueAll = () => daemonSets.list().forEach(enqueue);
  daemonSets.on({ add: enqueue, update: (_, ds) => enqueue(ds), delete: enqueue });
  pods.on({ add: enqueueOwner, update: (_, pod) => enqueueOwner(pod), delete: enqueueOwner });
  // Heartbeats change nodes every few seconds; only what placement reads matters.
  const placementInputs = (node: KubeObject) => JSON.stringify([node.metadata?.labels, (node.spec as { taints?: unknown } | undefined)?.taints]);
  nodes.on({ add: enqueueAll, update: (old, node) => placementInputs(old) !== placementInputs(node) && enqueueAll(), delete: enqueueAll });
  await Promise.all([daemonSets.synced(), pods.synced(), nodes.synced()]);

  function daemonPod(ds: DaemonSet, nodeName: string, hash: string): KubeObject {
    const template = ds.spec?.template ?? {};
    return podFromTemplate(
      { metadata: { ...template.metadata, labels: { ...template.metadata?.labels, [revisionHashLabel]: hash } }, spec: pinnedToNode(withDaemonPodTolerations(template.spec ?? {}), nodeName) },
      ds,
      newControllerRef(ds, 'apps/v1', 'DaemonSet'),
    );
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const dsPath = `/apis/apps/v1/namespaces/${namespace}/daemonsets/${name}`;
    if (!daemonSets.get(namespace, name)) return;
    const ds = await ctx.client.get<DaemonSet>(dsPath);
    if (ds.metadata?.deletionTimestamp) return;
    const spec = ds.spec ?? {};
    const templateSpec = spec.template?.spec ?? {};
    const hash = computeTemplateHash(spec.template ?? {});
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const now = Date.now();
    let recheckAfterMs: number | undefined;
    const isAvailable = (pod: Pod) => {
      const wait = msUntilAvailable(pod, minReadySeconds, now);
      if (wait !== undefined) recheckAfterMs = Math.min(recheckAfterMs ?? wait, wait);
      return isPodAvailable(pod, minReadySeconds, now);
    };

    // Read back from the API server rather than the cache, so that pods this
    // controller just created or deleted are never made twice.
    const selector = specSelector(ds);
    const matching = (await ctx.client.list<Pod>(podsPath(namespace ?? ''), { labelSelector: selector.toString() })).items;
    const owned = await claimObjects(matching, {
      client: ctx.client,
      owner: ds,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'DaemonSet',
      selector,
      pathOf: (pod) => `${podsPath(namespace ?? '')}/${pod.metadata?.name}`,
    });
    const podsByNode = new Map<string, Pod[]>();
    for (const pod of owned.sort(creationOrder)) {
      const node = targetNodeName(pod.spec ?? {}) ?? '';
      podsByNode.set(node, [...(podsByNode.get(node) ?? []), pod]);
    }

    const placements = nodes.list().map((node) => {
      const nodeName = node.metadata?.name ?? '';
      const onNode = podsByNode.get(nodeName) ?? [];
      return { nodeName, ...daemonPlacement(node, templateSpec), onNode, live: onNode.filter((pod) => !pod.metadata?.deletionTimestamp) };
    });
    const desired = placements.filter((p) => p.shouldRun).length;
    const rollingUpdate = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' ? spec.updateStrategy?.rollingUpdate : undefined;
    const maxSurge = rollingUpdate ? scaled(rollingUpdate.maxSurge, desired, 0) : 0;
    const isUpdated = (pod: Pod) => pod.metadata?.labels?.[revisionHashLabel] === hash;

    const toCreate: string[] = [];
    const toDelete: Pod[] = [];
    const status = { desiredNumberScheduled: desired, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 };
    /** Per node that should run the daemon: its pod of the current template, and its pod of an older one. */
    const rollout: { nodeName: string; current?: Pod; old?: Pod }[] = [];
    for (const { nodeName, shouldRun, shouldContinueRunning, onNode, live } of placements) {
      let kept: Pod[] = [];
      if (shouldRun && onNode.length === 0) toCreate.push(nodeName);
      else if (shouldContinueRunning) {
        for (const pod of live) {
          if (pod.status?.phase === 'Failed') {
            events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata?.namespace}/${pod.metadata?.name} on node ${nodeName}, will try to kill it`);
            toDelete.push(pod);
          } else if (pod.status?.phase === 'Succeeded') toDelete.push(pod);
          else kept.push(pod);
        }
        // A surging rollout runs the oldest pod of each template side by side; any other duplicate goes.
        const keep = maxSurge > 0 ? [kept.find(isUpdated), kept.find((pod) => !isUpdated(pod))] : [kept[0]];
        toDelete.push(...kept.filter((pod) => !keep.includes(pod)));
        kept = kept.filter((pod) => keep.includes(pod));
      } else toDelete.push(...live);

      if (shouldRun) {
        const first = live[0];
        if (first) {
          status.currentNumberScheduled++;
          if (isPodReady(first)) status.numberReady++;
          if (isAvailable(first)) status.numberAvailable++;
          if (isUpdated(first)) status.updatedNumberScheduled++;
        }
        rollout.push({ nodeName, current: kept.find(isUpdated), old: kept.find((pod) => !isUpdated(pod)) });
      } else if (live.length > 0) status.numberMisscheduled++;
    }
    const knownNodes = new Set(placements.map((p) => p.nodeName));
    for (const [nodeName, onNode] of podsByNode) {
      if (!knownNodes.has(nodeName)) toDelete.push(...onNode.filter((pod) => !pod.metadata?.deletionTimestamp));
    }

    if (rollingUpdate && maxSurge > 0) {
      let surging = 0;
      const allowed: string[] = [];
      const candidates: string[] = [];
      for (const { nodeName, current, old } of rollout) {
        if (!old) continue;
        if (!current) (isAvailable(old) ? candidates : allowed).push(nodeName);
        else if (isAvailable(current)) toDelete.push(old);
        else surging++;
      }
      toCreate.push(...allowed, ...candidates.slice(0, Math.max(0, maxSurge - surging)));
    } else if (rollingUpdate) {
      const maxUnavailable = scaled(rollingUpdate.maxUnavailable, desired, 1);
      let unavailable = 0;
      const candidates: Pod[] = [];
      for (const { current, old } of rollout) {
        if (!old) {
          if (!current || !isAvailable(current)) unavailable++;
        } else if (!isAvailable(old)) toDelete.push(old);
        else candidates.push(old);
      }
      toDelete.push(...candidates.slice(0, Math.max(0, maxUnavailable - unavailable)));
    }

    // Deleting first keeps a surging rollout from briefly running an old pod beside a new one it no longer needs.
    for (const pod of new Set(toDelete)) await deletePod(ctx.client, events, ds, pod);
    for (const nodeName of toCreate) await createPod(ctx.client, events, ds, daemonPod(ds, nodeName, hash));

    const newStatus: Record<string, unknown> = {
      ...ds.status,
      ...status,
      numberUnavailable: status.desiredNumberScheduled - status.numberAvailable,
      observedGeneration: ds.metadata?.generation,
    };
    if (newStatus.numberUnavailable === 0) delete newStatus.numberUnavailable;
    if (!sameFields(newStatus, ds.status ?? {})) await ctx.client.update(`${dsPath}/status`, { ...ds, status: newStatus });
    if (recheckAfterMs !== undefined) queue.addAfter(key, recheckAfterMs);
  }

  queue.run(2, sync);
  enqueueAll();
  return { stop: () => queue.stop() };
}
