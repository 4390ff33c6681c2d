// Tokens of the label selector string syntax, scanned as upstream's
// labels.Lexer: identifiers run until whitespace or an operator character;
// operators are the longest run of operator characters that forms one (every
// single operator character is an operator, so scanning cannot fail).

export type TokenKind =
  | 'end' | 'identifier' | ')' | ',' | '!' | '==' | '=' | '>' | '<' | '!=' | '(' | 'in' | 'notin';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const symbols = new Set<string>(['=', '!', '(', ')', ',', '>', '<']);
const keywords = new Map<string, TokenKind>([
  [')', ')'], [',', ','], ['!', '!'], ['==', '=='], ['=', '='], ['>', '>'], ['in', 'in'], ['<', '<'],
  ['!=', '!='], ['notin', 'notin'], ['(', '('],
]);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Splits a selector into tokens, ending with an 'end' token. */
export function lexLabelSelector(input: string): Token[] {
  // Upstream reads bytes and treats a NUL byte as the end of the input.
  const nul = input.indexOf('\0');
  const text = nul === -1 ? input : input.slice(0, nul);
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos]!)) pos++;
    if (pos >= text.length) {
      tokens.push({ kind: 'end', text: '' });
      return tokens;
    }
    const start = pos;
    if (symbols.has(text[pos]!)) {
      let last: Token | undefined;
      while (pos < text.length && symbols.has(text[pos]!)) {
        const candidate = text.slice(start, pos + 1);
        const kind = keywords.get(candidate);
        if (kind) last = { kind, text: candidate };
        else if (last) break;
        pos++;
      }
      tokens.push(last!);
    } else {
      while (pos < text.length && !symbols.has(text[pos]!) && !isWhitespace(text[pos]!)) pos++;
      const word = text.slice(start, pos);
      tokens.push({ kind: keywords.get(word) ?? 'identifier', text: word });
    }
  }
}
