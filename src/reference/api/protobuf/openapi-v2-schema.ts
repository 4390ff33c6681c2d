// gnostic's openapi.v2 message types, loaded once, on first use, from the
// committed descriptor file that generate-openapi-v2.ts writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const openApiV2DescriptorFilePath = fileURLToPath(new URL('./openapi-v2-descriptors.json', import.meta.url));

let root: protobuf.Root | undefined;

/** openapi.v2.Document, the message of GET /openapi/v2 in protobuf. */
export function openApiV2DocumentType(): protobuf.Type {
  if (!root) {
    root = protobuf.Root.fromJSON(JSON.parse(readFileSync(openApiV2DescriptorFilePath, 'utf8')) as protobuf.INamespace);
    root.resolveAll();
  }
  return root.lookupType('openapi.v2.Document');
}
