// ConfigMaps, Secrets, ServiceAccounts and ResourceQuotas, as upstream's
// printers show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn } from './columns.ts';
import { objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export const configMapPrinter = printer<ConfigMap>(
  [nameColumn(), column('Data', 'string', fieldDoc(apiType('core.v1', 'ConfigMap'), 'data')), ageColumn()],
  (cm, now) => [objectName(cm), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, timeSince(cm.metadata?.creationTimestamp, now)],
);

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

const secret = apiType('core.v1', 'Secret');

export const secretPrinter = printer<Secret>(
  [nameColumn(), column('Type', 'string', fieldDoc(secret, 'type')), column('Data', 'string', fieldDoc(secret, 'data')), ageColumn()],
  (s, now) => [objectName(s), s.type ?? '', Object.keys(s.data ?? {}).length, timeSince(s.metadata?.creationTimestamp, now)],
);

interface ServiceAccount extends KubeObject {
  secrets?: unknown[];
}

export const serviceAccountPrinter = printer<ServiceAccount>(
  [nameColumn(), column('Secrets', 'string', fieldDoc(apiType('core.v1', 'ServiceAccount'), 'secrets')), ageColumn()],
  (sa, now) => [objectName(sa), (sa.secrets ?? []).length, timeSince(sa.metadata?.creationTimestamp, now)],
);

interface ResourceQuota extends KubeObject {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** REQUEST and LIMIT: "name: used/hard" for every hard limit, limits.* in the second, sorted by name. */
export function quotaColumns(quota: ResourceQuota): [string, string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${name}: ${used[name] ?? '0'}/${hard[name]}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotaPrinter = printer<ResourceQuota>(
  [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn(),
  ],
  (q, now) => [objectName(q), ...quotaColumns(q), timeSince(q.metadata?.creationTimestamp, now)],
);
