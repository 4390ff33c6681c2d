// Field selectors (`metadata.name=x,status.phase!=Running`), parsed as
// upstream's fields.ParseSelector and checked against the resource's
// selectable fields as kube-apiserver does before it lists or watches.

import type { KubeObject } from '../object.ts';
import { SelectorError } from './selector-error.ts';
import { selectableField, type SelectableField } from './selectable-fields.ts';

export interface FieldRequirement {
  /** The canonical field name (an alias such as spec.host reads as spec.nodeName). */
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

interface Term extends FieldRequirement {
  readonly selected: SelectableField;
}

/** Splits on commas that are not escaped with a backslash; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Splits a term at its first operator; `==` is tried before `=` so no `=` is left on the value. */
function splitTerm(term: string): { field: string; operator: '!=' | '==' | '='; rawValue: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of ['!=', '==', '='] as const) {
      if (term.startsWith(operator, i)) return { field: term.slice(0, i), operator, rawValue: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** Removes backslash escapes (`\\`, `\,`, `\=`); unescaped `,` or `=` and other escapes are errors. */
function unescapeValue(raw: string): string {
  let value = '';
  let escaped = false;
  for (const ch of raw) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      value += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === ',' || ch === '=') {
      // Go prints the rune with %v, which is its code point.
      throw new SelectorError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      value += ch;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return value;
}

function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

export class FieldSelector {
  readonly #terms: readonly Term[];

  constructor(terms: readonly Term[]) {
    this.#terms = terms;
  }

  get requirements(): readonly FieldRequirement[] {
    return this.#terms.map(({ field, operator, value }) => ({ field, operator, value }));
  }

  matches(object: KubeObject): boolean {
    return this.#terms.every((term) => (term.selected.value(object) === term.value) === (term.operator === '='));
  }

  /** True for the empty selector, which places no restriction. */
  matchesEverything(): boolean {
    return this.#terms.length === 0;
  }

  toString(): string {
    return this.#terms.map((t) => `${t.field}${t.operator}${escapeValue(t.value)}`).join(',');
  }
}

/**
 * Parses a field selector for a resource (plural, e.g. "pods"; group "" for
 * the core group, e.g. "batch" for jobs). Throws SelectorError with upstream's
 * message for bad syntax or a field the resource does not allow.
 */
export function parseFieldSelector(selector: string, resource: string, group = ''): FieldSelector {
  const parsed: { field: string; operator: '=' | '!='; value: string }[] = [];
  for (const term of splitTerms(selector).sort()) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    parsed.push({ field: split.field, operator: split.operator === '!=' ? '!=' : '=', value: unescapeValue(split.rawValue) });
  }
  return new FieldSelector(
    parsed.map((term) => {
      const selected = selectableField(group, resource, term.field);
      return { ...term, field: selected.name, selected };
    }),
  );
}
