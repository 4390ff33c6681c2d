// Reads the OpenAPI models that @kubernetes/client-node generated from the
// Kubernetes API: for each model class its fields (JSON name, type, format)
// from attributeTypeMap, and the descriptions and optionality from its .d.ts.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';
import { readDeclarations } from './declaration-docs.ts';

export interface ModelField {
  /** The JSON (Go) name. */
  name: string;
  /** The TypeScript type: 'string', 'V1PodSpec', 'Array<V1Container>', '{ [key: string]: string; }', ... */
  type: string;
  /** 'int32', 'int64', 'date-time', 'byte', ...; '' when none. */
  format: string;
  description?: string;
  required: boolean;
}

export interface Model {
  className: string;
  description?: string;
  fields: ModelField[];
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

const modelsDirectory = dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node/dist/gen/models/all.js')));

/** Undoes openapi-generator's escaping of description text in JSDoc. */
function unescapeClientNodeDoc(text: string): string {
  return text.replace(/\\(["'\\])/g, '$1').replaceAll('*_/', '*/').replaceAll('/_*', '/*');
}

/** Every model the package exports, sorted by class name. */
export function readClientNodeModels(): Model[] {
  const result: Model[] = [];
  for (const [className, value] of Object.entries(models)) {
    const attributes = (value as { attributeTypeMap?: Attribute[] }).attributeTypeMap;
    if (!attributes) continue;
    const source = readFileSync(join(modelsDirectory, `${className}.d.ts`), 'utf8');
    const declaration = readDeclarations(source, unescapeClientNodeDoc).find((d) => d.name === className);
    if (!declaration) throw new Error(`${className}.d.ts does not declare class ${className}`);
    const fields = attributes.map((a): ModelField => {
      // The .d.ts names properties by their TypeScript name, which can differ from the JSON name.
      const declared = declaration.properties.get(a.name);
      if (!declared) throw new Error(`${className}.d.ts does not declare property ${a.name}`);
      const field: ModelField = { name: a.baseName, type: a.type, format: a.format, required: !declared.optional };
      if (declared.description !== undefined) field.description = declared.description;
      return field;
    });
    const model: Model = { className, fields };
    if (declaration.description !== undefined) model.description = declaration.description;
    result.push(model);
  }
  return result.sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
}
