// The OpenAPI documents the server serves, behind the small interface the
// HTTP layer needs (and tests can replace).
import { openapiV2 } from './schema/openapi-v2.ts';
import { openapiV3, openapiV3Index } from './schema/openapi-v3.ts';

export interface OpenApiDocuments {
  v2(): unknown;
  v3Index(): unknown;
  /** The document of one group version path ("api/v1", "apis/apps/v1"), or undefined. */
  v3(groupVersionPath: string): unknown;
}

export function openApiDocuments(): OpenApiDocuments {
  return { v2: () => openapiV2(), v3Index: () => openapiV3Index(), v3: (p) => openapiV3(p) };
}
