// Names, creates and removes the namespace each scenario runs in.
import { createHash } from 'node:crypto';
import type { ApiClient } from '../kube/api-client.ts';
import type { KubeObject } from '../reference/api/object.ts';
import { watchUntil } from './watch-until.ts';

const maxLabelLength = 63;

export const runLabel = 'kdrill.dev/run';
export const scenarioLabel = 'kdrill.dev/scenario';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** kdrill-<run id>-<short name>, a valid DNS label; a name too long keeps a hash of the whole so two never collide. */
export function scenarioNamespaceName(runId: string, scenarioName: string): string {
  const prefix = `kdrill-${slug(runId)}-`;
  const short = slug(scenarioName) || 'scenario';
  if (prefix.length + short.length <= maxLabelLength) return prefix + short;
  const hash = createHash('sha256').update(scenarioName).digest('hex').slice(0, 6);
  const room = Math.max(0, maxLabelLength - prefix.length - hash.length - 1);
  return `${prefix}${short.slice(0, room).replace(/-+$/, '')}-${hash}`;
}

/** A label value: at most 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric. */
function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, maxLabelLength).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

export async function createScenarioNamespace(client: ApiClient, name: string, runId: string, scenarioName: string): Promise<void> {
  await client.create('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [runLabel]: labelValue(runId), [scenarioLabel]: labelValue(scenarioName) } },
  });
}

/** Deletes the namespace and resolves once a watch shows it gone. */
export async function deleteScenarioNamespace(client: ApiClient, name: string, signal: AbortSignal): Promise<void> {
  try {
    await client.delete(`/api/v1/namespaces/${name}`);
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
    return;
  }
  await watchUntil<KubeObject, true>(client, '/api/v1/namespaces', {}, (namespaces) => !namespaces.some((n) => n.metadata?.name === name) || undefined,
    `namespace ${name} to be gone`, signal);
}
