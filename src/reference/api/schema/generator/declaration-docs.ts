// Reads the JSDoc of a generated model declaration (.d.ts): the description of
// the type and, for each quoted property, its description, whether it is
// optional and the text of its TypeScript type. Both generators we read from
// (openapi-generator for @kubernetes/client-node, kubernetes-models) emit one
// declaration per file in a regular layout, so a line reader is enough.

export interface DeclaredProperty {
  description?: string;
  optional: boolean;
  /** The TypeScript type as written, on one line. */
  typeText: string;
}

export interface Declaration {
  /** The name after `class`, `interface` or `type`. */
  name: string;
  description?: string;
  properties: Map<string, DeclaredProperty>;
}

const declarationStart = /^export (?:declare )?(?:class|interface|type) (\w+)/;
const propertyStart = /^ {4}(['"])(.+?)\1(\?)?: (.*)$/;

/** The declarations of a file, in order; `unescape` undoes the generator's escaping of comment text. */
export function readDeclarations(source: string, unescape: (text: string) => string): Declaration[] {
  const lines = source.split('\n');
  const declarations: Declaration[] = [];
  let comment: string | undefined;
  let current: Declaration | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed.startsWith('/**')) {
      const body: string[] = [];
      let j = i;
      for (; j < lines.length; j++) {
        const l = lines[j]!.trim();
        const end = l.endsWith('*/');
        const text = l.replace(/^\/\*\*/, '').replace(/\*\/$/, '').replace(/^\* ?/, '');
        body.push(text);
        if (end) break;
      }
      i = j;
      const text = body.join('\n').trim();
      comment = text === '' ? undefined : unescape(text);
      continue;
    }
    const start = declarationStart.exec(line);
    if (start) {
      current = { name: start[1]!, properties: new Map() };
      if (comment !== undefined) current.description = comment;
      declarations.push(current);
      comment = undefined;
      continue;
    }
    const property = current && propertyStart.exec(line);
    if (current && property) {
      let typeText = property[4]!;
      while (!balanced(typeText) && i + 1 < lines.length) typeText += ' ' + lines[++i]!.trim();
      const declared: DeclaredProperty = { optional: property[3] === '?', typeText: typeText.replace(/;$/, '').replace(/\s+/g, ' ') };
      if (comment !== undefined) declared.description = comment;
      current.properties.set(property[2]!, declared);
    }
    comment = undefined;
  }
  return declarations;
}

function balanced(typeText: string): boolean {
  let depth = 0;
  for (const c of typeText) {
    if (c === '{' || c === '<' || c === '(') depth++;
    else if (c === '}' || c === '>' || c === ')') depth--;
  }
  return depth === 0 && typeText.endsWith(';');
}
