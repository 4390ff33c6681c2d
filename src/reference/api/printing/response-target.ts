// Content negotiation for reads: which form the client asked for in Accept.
// `application/json;as=Table;v=v1;g=meta.k8s.io` asks for a Table (kubectl get),
// `as=PartialObjectMetadata` / `as=PartialObjectMetadataList` for metadata only;
// clauses are tried in order of preference, and when none can be served the
// answer is 406, as kube-apiserver's.
import { notAcceptable } from '../status.ts';

export type ResponseTarget =
  | { as: 'Object' }
  | { as: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList'; apiVersion: string };

interface Clause {
  type: string;
  params: Map<string, string>;
  q: number;
}

const jsonTypes = new Set(['application/json', 'application/yaml', 'application/*', '*/*']);
const metaVersions = new Set(['v1', 'v1beta1']);
const transforms = new Set(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);

function parseClause(text: string): Clause {
  const [type = '', ...rest] = text.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  const q = Number(params.get('q') ?? '1');
  return { type: type.trim().toLowerCase(), params, q: Number.isNaN(q) ? 0 : q };
}

function targetOf(clause: Clause): ResponseTarget | undefined {
  if (!jsonTypes.has(clause.type)) return undefined;
  const as = clause.params.get('as');
  if (as === undefined) return { as: 'Object' };
  const group = clause.params.get('g') ?? '';
  const version = clause.params.get('v') ?? '';
  if (group !== 'meta.k8s.io' || !metaVersions.has(version) || !transforms.has(as)) return undefined;
  return { as: as as 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList', apiVersion: `${group}/${version}` };
}

/** The form to answer a GET in; throws 406 when no clause of Accept can be served. */
export function responseTarget(accept: string | undefined): ResponseTarget {
  if (!accept || !accept.trim()) return { as: 'Object' };
  const clauses = accept.split(',').map(parseClause).filter((c) => c.type !== '' && c.q > 0);
  // Most preferred first; equal preferences keep the client's order.
  clauses.sort((a, b) => b.q - a.q);
  for (const clause of clauses) {
    const target = targetOf(clause);
    if (target) return target;
  }
  throw notAcceptable();
}
