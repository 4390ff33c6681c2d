// Every type the API server serves: the built-in table plus the custom
// resources of established CustomResourceDefinitions. Routing, discovery,
// OpenAPI and namespace deletion look types up here, so a CRD's types come
// and go as the CRD does.
import { resourceTypes, type ResourceType } from '../resources.ts';
import type { CustomResourceType } from './custom-resource-type.ts';
import { compareVersionPriority } from './version-priority.ts';

export class ResourceCatalog {
  private readonly builtin: readonly ResourceType[];
  /** By CRD name. */
  private readonly custom = new Map<string, CustomResourceType[]>();
  /** CRDs being deleted: their objects are listed and deleted, no new ones are created. */
  private readonly terminating = new Set<string>();
  private snapshot: readonly ResourceType[] | undefined;

  constructor(builtin: readonly ResourceType[] = resourceTypes) {
    this.builtin = builtin;
  }

  /** Built-in types first, then custom ones by group, each group's versions by priority. The same array until the types change. */
  types(): readonly ResourceType[] {
    this.snapshot ??= [
      ...this.builtin,
      ...[...this.custom.values()].flat().sort((a, b) => (a.group === b.group ? compareVersionPriority(a.version, b.version) : a.group < b.group ? -1 : 1)),
    ];
    return this.snapshot;
  }

  customTypes(): CustomResourceType[] {
    return [...this.custom.values()].flat();
  }

  findByPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  /** Serve (or re-serve, after a change) the types of one CRD. */
  serve(crdName: string, types: CustomResourceType[]): void {
    this.custom.set(crdName, types);
    this.changed();
  }

  withdraw(crdName: string): void {
    this.terminating.delete(crdName);
    if (this.custom.delete(crdName)) this.changed();
  }

  markTerminating(crdName: string): void {
    this.terminating.add(crdName);
  }

  isTerminating(crdName: string): boolean {
    return this.terminating.has(crdName);
  }

  private changed(): void {
    this.snapshot = undefined;
  }
}
