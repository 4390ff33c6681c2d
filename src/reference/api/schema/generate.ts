// Regenerates definitions.json: node src/reference/api/schema/generate.ts

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionsFile } from './definitions.ts';
import { generateSchema, serializeSchema } from './generator/generate-schema.ts';

const schema = generateSchema();
writeFileSync(definitionsFile, serializeSchema(schema));
process.stderr.write(`wrote ${Object.keys(schema.definitions).length} definitions to ${fileURLToPath(definitionsFile)}\n`);
