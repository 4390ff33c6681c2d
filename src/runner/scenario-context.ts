// Builds the ScenarioContext the runner hands a scenario: its namespace, the
// client, and helpers that record into the scenario's record.
import { parseAllDocuments } from 'yaml';
import type { ApiClient } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';
import type { ResourcePaths } from './resource-paths.ts';
import type { ScenarioContext } from './scenario.ts';
import { ScenarioSkipped } from './scenario-outcomes.ts';
import type { ScenarioRecord } from './scenario-record.ts';
import { watchUntil } from './watch-until.ts';

export interface ContextInputs {
  client: ApiClient;
  namespace: string;
  runId: string;
  signal: AbortSignal;
  paths: ResourcePaths;
  record: ScenarioRecord;
  /** Undos in the order registered; the runner runs them last first. */
  undos: (() => Promise<void>)[];
}

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { effect: string }[] };
}

function manifestObjects(manifests: string | KubeObject | KubeObject[]): KubeObject[] {
  if (typeof manifests !== 'string') return Array.isArray(manifests) ? manifests : [manifests];
  return parseAllDocuments(manifests).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`bad YAML manifest: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubeObject | null;
    return value === null ? [] : [value];
  });
}

function isWorker(node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const controlPlane = 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
  const blocked = (node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return !controlPlane && !blocked && node.spec?.unschedulable !== true;
}

export function buildScenarioContext(i: ContextInputs): ScenarioContext {
  const { client, namespace, record, undos } = i;
  return {
    namespace,
    runId: i.runId,
    client,
    signal: i.signal,
    step: (message) => record.step(message),
    timed: (message, fn) => record.timed(message, fn),
    expect: record.expect,
    skip(reason): never {
      throw new ScenarioSkipped(reason);
    },
    async apply(manifests) {
      const created: KubeObject[] = [];
      for (const object of manifestObjects(manifests)) {
        const path = i.paths.of(object);
        const body: KubeObject = path.namespaced
          ? { ...object, metadata: { ...object.metadata, namespace: object.metadata?.namespace ?? namespace } }
          : object;
        const collection = path.collection(body.metadata?.namespace);
        const made = await client.create(collection, body);
        if (!path.namespaced || made.metadata?.namespace !== namespace) {
          // Objects outside the scenario's namespace do not go with it.
          undos.push(async () => {
            await client.delete(`${collection}/${made.metadata!.name}`);
          });
        }
        created.push(made);
      }
      return created;
    },
    defer: (undo) => void undos.push(undo),
    patch: (path, type, body) => client.patch(path, type, body),
    waitFor: (collectionPath, predicate, what, query) => watchUntil(client, collectionPath, query ?? {}, predicate, what, i.signal),
    async nodes() {
      const nodes = (await client.list<Node>('/api/v1/nodes')).items;
      return [...nodes.filter(isWorker), ...nodes.filter((n) => !isWorker(n))];
    },
    measure(name, value) {
      record.measurements[name] = value;
    },
  };
}
