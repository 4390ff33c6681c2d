// Builds the content of definitions.json from the npm packages.

import type { GeneratedSchema } from '../definitions.ts';
import { buildDefinitions } from './build-definitions.ts';
import { nameClasses } from './class-names.ts';
import { readApiOperations } from './client-node-apis.ts';
import { readClientNodeModels } from './client-node-models.ts';
import { readKubernetesModels } from './kubernetes-models.ts';
import { operationParameters } from './operation-parameters.ts';

export function generateSchema(): GeneratedSchema {
  const models = readClientNodeModels();
  const known = readKubernetesModels();
  const operations = readApiOperations();
  const classNames = nameClasses(models, known, operations);
  return {
    definitions: buildDefinitions({ models, classNames, known }),
    operationParameters: operationParameters(operations),
  };
}

/** The file text: one property per line, so that regenerating shows as a readable diff. */
export function serializeSchema(schema: GeneratedSchema): string {
  return `${JSON.stringify(schema, null, 1)}\n`;
}
