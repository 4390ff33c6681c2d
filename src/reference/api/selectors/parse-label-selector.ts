// The label selector string syntax, parsed as upstream's labels.Parse:
//
//   selector    ::= requirement ("," requirement)*
//   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
//
// Errors carry upstream's messages, e.g. "unable to parse requirement: ...".

import { SelectorError } from './selector-error.ts';
import { labelKeyError, newLabelRequirement, type LabelOperator, type LabelRequirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';
import { lexLabelSelector, type Token, type TokenKind } from './label-lexer.ts';

const binaryOperators: ReadonlyMap<TokenKind, LabelOperator> = new Map<TokenKind, LabelOperator>([
  ['in', 'in'], ['notin', 'notin'], ['=', '='], ['==', '=='], ['!=', '!='], ['>', 'gt'], ['<', 'lt'],
]);
const binaryOperatorList = 'in, notin, =, ==, !=, gt, lt';

class Parser {
  readonly #tokens: Token[];
  #position = 0;

  constructor(input: string) {
    this.#tokens = lexLabelSelector(input);
  }

  /** The next token; where a value may stand, the keywords in and notin are plain identifiers. */
  #peek(asValue: boolean): Token {
    const token = this.#tokens[this.#position]!;
    return asValue && (token.kind === 'in' || token.kind === 'notin') ? { kind: 'identifier', text: token.text } : token;
  }

  #next(asValue: boolean): Token {
    const token = this.#peek(asValue);
    this.#position++;
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const token = this.#peek(true);
      if (token.kind === 'end') return requirements;
      if (token.kind !== 'identifier' && token.kind !== '!') {
        throw new SelectorError(`found '${token.text}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.#requirement());
      const after = this.#next(true);
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') throw new SelectorError(`found '${after.text}', expected: ',' or 'end of string'`);
      const following = this.#peek(true);
      if (following.kind !== 'identifier' && following.kind !== '!') {
        throw new SelectorError(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  #requirement(): LabelRequirement {
    try {
      const { key, unary } = this.#keyAndUnaryOperator();
      if (unary) return newLabelRequirement(key, unary, []);
      const operator = this.#binaryOperator();
      const values = operator === 'in' || operator === 'notin' ? this.#valueSet() : this.#exactValue();
      return newLabelRequirement(key, operator, [...new Set(values)].sort());
    } catch (error) {
      if (error instanceof SelectorError) {
        throw new SelectorError(`unable to parse requirement: ${error.message}`);
      }
      throw error;
    }
  }

  #keyAndUnaryOperator(): { key: string; unary: LabelOperator | undefined } {
    let token = this.#next(true);
    let unary: LabelOperator | undefined;
    if (token.kind === '!') {
      unary = '!';
      token = this.#next(true);
    }
    if (token.kind !== 'identifier') throw new SelectorError(`found '${token.text}', expected: identifier`);
    const keyError = labelKeyError(token.text, '<nil>');
    if (keyError) throw new SelectorError(keyError);
    const following = this.#peek(true).kind;
    if (unary === undefined && (following === 'end' || following === ',')) unary = 'exists';
    return { key: token.text, unary };
  }

  #binaryOperator(): LabelOperator {
    const token = this.#next(false);
    const operator = binaryOperators.get(token.kind);
    if (!operator) throw new SelectorError(`found '${token.text}', expected: ${binaryOperatorList}`);
    return operator;
  }

  /** "(a,b,c)"; empty members such as "()" or "(a,)" stand for the empty value. */
  #valueSet(): string[] {
    const open = this.#next(true);
    if (open.kind !== '(') throw new SelectorError(`found '${open.text}' expected: '('`);
    const first = this.#peek(true);
    if (first.kind === ')') {
      this.#next(true);
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== ',') {
      throw new SelectorError(`found '${first.text}', expected: ',', ')' or identifier`);
    }
    const values = this.#valueList();
    this.#next(true); // the ')' the list stopped at
    return values;
  }

  #valueList(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.#next(true);
      if (token.kind === 'identifier') {
        values.push(token.text);
        const following = this.#peek(true);
        if (following.kind === ')') return values;
        if (following.kind !== ',') throw new SelectorError(`found '${following.text}', expected: ',' or ')'`);
      } else if (token.kind === ',') {
        if (values.length === 0) values.push('');
        const following = this.#peek(true).kind;
        if (following === ')') {
          values.push('');
          return values;
        }
        if (following === ',') {
          this.#next(true);
          values.push('');
        }
      } else {
        throw new SelectorError(`found '${token.text}', expected: ',', or identifier`);
      }
    }
  }

  /** The single value after =, ==, !=, > or <; nothing before "," or the end is the empty value. */
  #exactValue(): string[] {
    const following = this.#peek(true).kind;
    if (following === 'end' || following === ',') return [''];
    const token = this.#next(true);
    if (token.kind !== 'identifier') throw new SelectorError(`found '${token.text}', expected: identifier`);
    return [token.text];
  }
}

/**
 * Parses a label selector in Kubernetes' string syntax (`a=b,c in (x,y),!d`).
 * The empty string selects everything. Throws SelectorError on bad syntax.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  return new LabelSelector(new Parser(selector).parse());
}
