// Reads the operations of the API classes that @kubernetes/client-node
// generated from the Kubernetes OpenAPI document: for each request method its
// HTTP method, path, body type and query parameters with their types and
// descriptions.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApiParameter {
  name: string;
  /** 'string', 'boolean' or 'number'. */
  type: string;
  /** 'int32', 'int64' or ''. */
  format: string;
  description?: string;
}

export interface ApiOperation {
  /** The method name, e.g. createNamespacedPod. */
  method: string;
  httpMethod: string;
  /** The URL path template, e.g. /api/v1/namespaces/{namespace}/pods. */
  path: string;
  /** The model class of the request body. */
  bodyType?: string;
  queryParameters: ApiParameter[];
}

const apisDirectory = join(dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node/dist/gen/models/all.js'))), '..', 'apis');

const methodPattern = /\/\*\*\n([\s\S]*?)\*\/\n {4}async (\w+)\([^)]*\) \{\n([\s\S]*?)\n {4}\}\n/g;
const paramDoc = /^\s*\* @param (\w+) (.*)$/gm;
const queryParam = /setQueryParam\("(\w+)", ObjectSerializer\.serialize\((\w+), "(\w+)", "([\w-]*)"\)\)/g;

function decodeEntities(text: string): string {
  return text
    .replace(/\\(&)/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The request operations of every API class, in file and method order. */
export function readApiOperations(): ApiOperation[] {
  const files = readdirSync(apisDirectory).filter((f) => /^\w+Api\.js$/.test(f)).sort();
  const operations: ApiOperation[] = [];
  for (const file of files) {
    const source = readFileSync(join(apisDirectory, file), 'utf8');
    for (const m of source.matchAll(methodPattern)) {
      const [, doc, method, body] = m as unknown as [string, string, string, string];
      const path = /const localVarPath = '([^']*)'/.exec(body)?.[1];
      const httpMethod = /HttpMethod\.(\w+)/.exec(body)?.[1];
      if (path === undefined || httpMethod === undefined) continue;
      const descriptions = new Map<string, string>();
      for (const p of doc.matchAll(paramDoc)) descriptions.set(p[1]!, decodeEntities(p[2]!.trim()));
      const queryParameters = [...body.matchAll(queryParam)].map((q): ApiParameter => {
        const parameter: ApiParameter = { name: q[1]!, type: q[3]!, format: q[4]! };
        // Documented under the JavaScript variable name (`_continue` for `continue`).
        const description = descriptions.get(q[2]!);
        if (description) parameter.description = description;
        return parameter;
      });
      const operation: ApiOperation = { method, httpMethod, path, queryParameters };
      const bodyType = /ObjectSerializer\.serialize\(body, "(\w+)"/.exec(body)?.[1];
      if (bodyType) operation.bodyType = bodyType;
      operations.push(operation);
    }
  }
  return operations;
}
