// The OpenAPI documents the server serves, behind the small interface the
// HTTP layer needs (and tests can replace).
import { openapiV2 } from './schema/openapi-v2.ts';
import { openapiV3, openapiV3Index } from './schema/openapi-v3.ts';
import type { ResourceCatalog } from './crd/resource-catalog.ts';

export interface OpenApiDocuments {
  v2(): unknown;
  v3Index(): unknown;
  /** The document of one group version path ("api/v1", "apis/apps/v1"), or undefined. */
  v3(groupVersionPath: string): unknown;
}

/** The documents of the built-in types, or of every type a catalog serves (custom resources included) at the time of the request. */
export function openApiDocuments(catalog?: ResourceCatalog): OpenApiDocuments {
  if (!catalog) return { v2: () => openapiV2(), v3Index: () => openapiV3Index(), v3: (p) => openapiV3(p) };
  return { v2: () => openapiV2(catalog.types()), v3Index: () => openapiV3Index(catalog.types()), v3: (p) => openapiV3(p, catalog.types()) };
}
