// Cell texts shared by several printers: labels, label selectors, container
// lists, booleans, access modes and "a,b,c + 2 more..." lists.
import type { KubeObject } from '../object.ts';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Container {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

/** labels.FormatLabels: sorted k=v pairs, "<none>" when there are none. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const text = Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`).join(',');
  return text || '<none>';
}

function requirement(key: string, operator: string, values: string[]): string {
  const set = [...new Set(values)].sort().join(',');
  switch (operator) {
    case 'In': return `${key} in (${set})`;
    case 'NotIn': return `${key} notin (${set})`;
    case 'Exists': return key;
    case 'DoesNotExist': return `!${key}`;
    default: return `${key}=${set}`;
  }
}

/** A LabelSelector as a selector string ("app=web,tier in (a,b)"), requirements sorted by key; "" selects everything or nothing. */
export function labelSelectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of selector.matchExpressions ?? []) reqs.push({ key: e.key, text: requirement(e.key, e.operator, e.values ?? []) });
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return labelSelectorString(selector) || '<none>';
}

/** The CONTAINERS and IMAGES cells of a pod template. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** printBoolPtr: True, False, or <unset>. */
export function boolText(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

const accessModeOrder: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: the short forms, in upstream's fixed order. */
export function accessModesText(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  return accessModeOrder.filter(([mode]) => have.has(mode)).map(([, short]) => short).join(',');
}

/** "a,b,c + 2 more...", or "<unset>" for an empty list (listWithMoreString). */
export function listWithMore(items: string[], max = 3): string {
  if (items.length === 0) return '<unset>';
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

export function objectName(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

export function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
