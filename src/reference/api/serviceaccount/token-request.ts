// POST serviceaccounts/NAME/token (authentication.k8s.io/v1 TokenRequest), as
// kube-apiserver's TokenREST: a token for the service account, for the
// audiences asked (default the API server's), for expirationSeconds (default
// an hour, at least ten minutes), optionally bound to a Pod, Secret or Node
// that must exist (with the uid given, when one is).
import type { KubeObject } from '../object.ts';
import type { Registry } from '../registry.ts';
import { resourceTypes, type ResourceType } from '../resources.ts';
import { ApiError, conflict, type StatusCause } from '../status.ts';
import type { BoundTokenRequest, ObjectRef, ServiceAccountIssuer } from './issuer.ts';

const defaultExpirationSeconds = 3600;
const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;

const coreType = (plural: string): ResourceType => resourceTypes.find((t) => t.group === '' && t.plural === plural)!;
const boundKinds: Record<string, ResourceType> = { Pod: coreType('pods'), Secret: coreType('secrets'), Node: coreType('nodes') };

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

function invalidTokenRequest(name: string, causes: StatusCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  return new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`, {
    name, group: 'authentication.k8s.io', kind: 'TokenRequest', causes,
  });
}

function validate(name: string, spec: TokenRequestSpec): void {
  const causes: StatusCause[] = [];
  const seconds = spec.expirationSeconds;
  if (seconds !== undefined && seconds < minExpirationSeconds) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes` });
  }
  if (seconds !== undefined && seconds > maxExpirationSeconds) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${seconds}: may not specify a duration larger than 2^32 seconds` });
  }
  const kind = spec.boundObjectRef?.kind;
  if (spec.boundObjectRef && (kind === undefined || !(kind in boundKinds))) {
    causes.push({ reason: 'FieldValueNotSupported', field: 'spec.boundObjectRef.kind', message: `Unsupported value: "${kind ?? ''}": supported values: "Node", "Pod", "Secret"` });
  }
  if (causes.length) throw invalidTokenRequest(name, causes);
}

async function boundObject(registry: Registry, namespace: string, ref: NonNullable<TokenRequestSpec['boundObjectRef']>): Promise<KubeObject> {
  const t = boundKinds[ref.kind!]!;
  const obj = await registry.get(t, t.namespaced ? namespace : undefined, ref.name ?? '');
  if (ref.uid && obj.metadata?.uid !== ref.uid) {
    throw conflict(t, ref.name ?? '', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return obj;
}

function refOf(obj: KubeObject): ObjectRef {
  return { name: obj.metadata?.name ?? '', uid: obj.metadata?.uid ?? '' };
}

export async function createServiceAccountToken(registry: Registry, issuer: ServiceAccountIssuer, namespace: string, name: string, body: KubeObject): Promise<KubeObject> {
  const spec = (body.spec ?? {}) as TokenRequestSpec;
  validate(name, spec);
  const serviceAccount = await registry.get(coreType('serviceaccounts'), namespace, name);
  const request: BoundTokenRequest = {
    namespace,
    serviceAccount: refOf(serviceAccount),
    audiences: spec.audiences?.length ? spec.audiences : issuer.apiAudiences,
    expirationSeconds: spec.expirationSeconds ?? defaultExpirationSeconds,
  };
  const ref = spec.boundObjectRef;
  let bound: KubeObject | undefined;
  if (ref) {
    const obj = await boundObject(registry, namespace, ref);
    bound = obj;
    if (ref.kind === 'Pod') {
      request.pod = refOf(obj);
      const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? await registry.tryGet(boundKinds.Node!, undefined, nodeName) : undefined;
      if (node) request.node = refOf(node.obj);
    } else if (ref.kind === 'Secret') {
      request.secret = refOf(obj);
    } else {
      request.node = refOf(obj);
    }
  }
  const { token, expiresAt } = issuer.issueBound(request);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: new Date(issuer.now()).toISOString().replace(/\.\d+Z$/, 'Z') },
    spec: {
      audiences: request.audiences,
      expirationSeconds: request.expirationSeconds,
      boundObjectRef: ref ? { kind: ref.kind, apiVersion: ref.apiVersion ?? 'v1', name: ref.name, uid: bound?.metadata?.uid } : null,
    },
    status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z') },
  };
}
