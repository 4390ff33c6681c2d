// A set of field paths, stored as a tree: at each node the elements that are
// members (owned themselves) and the elements below which there are more
// paths. Set algebra and the FieldsV1 encoding follow structured-merge-diff's
// fieldpath.Set, so managedFields come out byte for byte as Kubernetes writes them.

import type { TypeInfo } from '../schema/type-info.ts';
import { comparePathElements, parsePathElementKey, pathElementKey, type FieldPath, type PathElement } from './field-path.ts';
import { isJsonObject } from './json-value.ts';
import { descendSchema } from './typed-value.ts';
import { memberOf, type ValueSchema } from './value-schema.ts';

interface Child {
  pe: PathElement;
  set: FieldSet;
}

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(paths: readonly FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: FieldPath): void {
    const [first, ...rest] = path;
    if (first === undefined) return;
    const key = pathElementKey(first);
    if (rest.length === 0) {
      this.members.set(key, first);
      return;
    }
    this.childAt(key, first).insert(rest);
  }

  has(path: FieldPath): boolean {
    const [first, ...rest] = path;
    if (first === undefined) return false;
    const key = pathElementKey(first);
    return rest.length === 0 ? this.members.has(key) : this.children.get(key)?.set.has(rest) ?? false;
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** The paths below `pe`, relative to it. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pathElementKey(pe))?.set ?? new FieldSet();
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    for (const [key, pe] of other.members) out.members.set(key, pe);
    for (const [key, child] of other.children) {
      const mine = out.children.get(key);
      out.children.set(key, { pe: child.pe, set: mine ? mine.set.union(child.set) : child.set.copy() });
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (!other.members.has(key)) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      const rest = theirs ? child.set.difference(theirs.set) : child.set.copy();
      if (!rest.isEmpty()) out.children.set(key, { pe: child.pe, set: rest });
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) if (other.members.has(key)) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (!theirs) continue;
      const both = child.set.intersection(theirs.set);
      if (!both.isEmpty()) out.children.set(key, { pe: child.pe, set: both });
    }
    return out;
  }

  /** Every path, in structured-merge-diff's order: a node's members, then each child's paths. */
  paths(): PathElement[][] {
    const out: PathElement[][] = byElement([...this.members.values()], (pe) => pe).map((pe) => [pe]);
    for (const child of byElement([...this.children.values()], (c) => c.pe)) {
      for (const path of child.set.paths()) out.push([child.pe, ...path]);
    }
    return out;
  }

  /**
   * The set where every struct field that has paths below it is also a
   * member, so that removing the set's members removes those fields whole.
   */
  withNamedFieldsAsMembers(typeInfo: TypeInfo, schema: ValueSchema): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) out.members.set(key, pe);
    for (const [key, child] of this.children) {
      if ('field' in child.pe && memberOf(typeInfo, schema, child.pe.field).named) out.members.set(key, child.pe);
      out.children.set(key, { pe: child.pe, set: child.set.withNamedFieldsAsMembers(typeInfo, descendSchema(typeInfo, schema, child.pe)) });
    }
    return out;
  }

  /** The FieldsV1 object: `.` first when the node itself is a member, then elements in order. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const elements = new Map<string, PathElement>(this.members);
    for (const [key, child] of this.children) elements.set(key, child.pe);
    for (const [key] of byElement([...elements], ([, pe]) => pe)) {
      const child = this.children.get(key);
      if (!child) {
        out[key] = {};
        continue;
      }
      const node: Record<string, unknown> = this.members.has(key) ? { '.': {} } : {};
      out[key] = Object.assign(node, child.set.toFieldsV1());
    }
    return out;
  }

  /** Reads a FieldsV1 object; throws on anything that is not one. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isJsonObject(fields)) throw new Error('FieldsV1 must be an object');
    const set = new FieldSet();
    for (const [key, value] of Object.entries(fields)) {
      if (key === '.') continue;
      if (!isJsonObject(value)) throw new Error(`FieldsV1 value of ${key} must be an object`);
      const pe = parsePathElementKey(key);
      const below = FieldSet.fromFieldsV1(value);
      if (Object.hasOwn(value, '.') || below.isEmpty()) set.members.set(pathElementKey(pe), pe);
      if (!below.isEmpty()) set.children.set(pathElementKey(pe), { pe, set: below });
    }
    return set;
  }

  private childAt(key: string, pe: PathElement): FieldSet {
    let child = this.children.get(key);
    if (!child) {
      child = { pe, set: new FieldSet() };
      this.children.set(key, child);
    }
    return child.set;
  }

  private copy(): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.members) out.members.set(key, pe);
    for (const [key, child] of this.children) out.children.set(key, { pe: child.pe, set: child.set.copy() });
    return out;
  }
}

function byElement<T>(items: T[], elementOf: (item: T) => PathElement): T[] {
  return items.sort((a, b) => comparePathElements(elementOf(a), elementOf(b)));
}
