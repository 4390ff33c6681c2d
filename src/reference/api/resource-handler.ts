// Turns one HTTP request on a resource path into a call on the registry: the
// verb from the method and the path, the options from the query string.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveComponentStatuses, type ComponentHealth } from './component-statuses.ts';
import { deleteObject, returnsDeletedObject, validateDeleteOptions, type DeleteOptions } from './deletion.ts';
import { listObjects, type ObjectFilter } from './list.ts';
import type { KubeObject } from './object.ts';
import type { Registry, WriteContext } from './registry.ts';
import { requestVerb, type ResourceRequest } from './request-info.ts';
import { decodeBody, mediaType, readBody } from './request-body.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { ApiError, badRequest, invalidOptions, methodNotAllowed, resourceNotFound, successStatus } from './status.ts';
import { forbidden as forbiddenField, notSupported, required, type StatusCause } from './validation/status-cause.ts';
import { patchTypes } from './patch-request.ts';
import { decodeIntoType, fieldValidationOf, setWarnings, type FieldValidation } from './unknown-fields.ts';
import { startWatch } from './watch.ts';
import { sendJson, streamWatch } from './responses.ts';
import { ResponseShaper } from './printing/response-shaper.ts';
import { bindPod } from './subresources/binding.ts';
import { evictPod } from './subresources/eviction.ts';
import { readScale, writeScale } from './subresources/scale.ts';
import type { PodLogSource } from './subresources/pod-log.ts';
import { servePodLog } from './subresources/pod-log.ts';
import type { Patcher } from './patch-request.ts';
import type { ObjectFilters } from './object-filters.ts';
import type { KubeletClient } from './kubelet-client.ts';
import type { ResourceCatalog } from './crd/resource-catalog.ts';
import { customResourceOf, type CustomResourceType } from './crd/custom-resource-type.ts';
import { customPatchTypeError, terminatingCrdError } from './crd/custom-resource-errors.ts';
import { readCustomScale, writeCustomScale } from './crd/custom-resource-scale.ts';
import { inServedVersion, listKindOf, servedVersionSink } from './crd/served-version.ts';
import { crdType } from './crd/crd-controller.ts';
import { deleteCrd } from './crd/crd-deletion.ts';
import type { IdentityEndpoints } from './authorization/identity-endpoints.ts';

export interface ResourceHandlerDeps {
  registry: Registry;
  patcher: Patcher;
  filters: ObjectFilters;
  podLogs: PodLogSource;
  /** Reaches nodes' kubelets: exec, attach and port forwarding (upgrade-handler.ts), nodes/NAME/proxy (node-proxy.ts). */
  kubelets: KubeletClient;
  /** The built-in types and those of established CustomResourceDefinitions. */
  catalog: ResourceCatalog;
  /** Longest a watch stays open when the client names no timeoutSeconds (kube-apiserver: 30 to 60 minutes). */
  watchTimeoutSeconds: () => number;
  /** Answers the review types and serviceaccounts/NAME/token. */
  identity: IdentityEndpoints;
  /** What componentstatuses report; without it they list empty. */
  componentHealth?: ComponentHealth;
}

function defaultFieldManager(req: IncomingMessage): string {
  const agent = req.headers['user-agent'] ?? 'unknown';
  return agent.split('/')[0]!.slice(0, 128) || 'unknown';
}

/** optionsKind: CreateOptions, UpdateOptions or PatchOptions, which kube-apiserver validates first (422). */
function writeContext(req: IncomingMessage, q: URLSearchParams, optionsKind: string, extra: StatusCause[] = []): WriteContext {
  const dryRun = q.getAll('dryRun');
  const causes = [...extra];
  if (dryRun.some((d) => d !== 'All')) causes.push(notSupported('dryRun', dryRun, ['All']));
  const fieldValidation = fieldValidationOf(q);
  if (typeof fieldValidation !== 'string') causes.push(fieldValidation);
  if (causes.length) throw invalidOptions(optionsKind, causes);
  return { fieldManager: q.get('fieldManager') || defaultFieldManager(req), dryRun: dryRun.length > 0, fieldValidation: fieldValidation as FieldValidation, warnings: [] };
}

/** PatchOptions rules: apply needs an explicit fieldManager; force is for apply only. */
function patchContext(req: IncomingMessage, q: URLSearchParams): WriteContext {
  const apply = mediaType(req) === patchTypes.apply;
  const causes: StatusCause[] = [];
  if (!apply && q.has('force')) causes.push(forbiddenField('force', 'may not be specified for non-apply patch'));
  if (apply && !q.get('fieldManager')) causes.push(required('fieldManager', 'is required for apply patch'));
  return writeContext(req, q, 'PatchOptions', causes);
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function numberParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name}: Invalid value: "${v}": must be an integer`);
  return n;
}

function listKind(t: ResourceType): string {
  return listKindOf(t);
}

async function readObject(req: IncomingMessage): Promise<KubeObject> {
  const body = decodeBody(await readBody(req), mediaType(req));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request must be a JSON object');
  return body as KubeObject;
}

async function readDeleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const raw = await readBody(req);
  const fromBody = raw.length && raw.toString().trim() ? (decodeBody(raw, mediaType(req)) as DeleteOptions) : {};
  const options: DeleteOptions = { ...fromBody };
  const grace = numberParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = q.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = isTrue(orphan);
  const dryRun = q.getAll('dryRun');
  if (dryRun.length) options.dryRun = dryRun;
  validateDeleteOptions(options);
  return options;
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, r: ResourceRequest, q: URLSearchParams, deps: ResourceHandlerDeps): Promise<void> {
  const t = deps.catalog.findByPlural(r.group, r.version, r.resource);
  if (!t) throw resourceNotFound();
  if (!t.namespaced && r.namespace !== undefined) throw resourceNotFound();
  if (r.subresource && !t.subresources.includes(r.subresource as never)) throw resourceNotFound();
  const method = req.method ?? 'GET';
  if (!r.subresource && !t.verbs.includes(requestVerb(method, r, q))) throw methodNotAllowed();
  const { registry } = deps;
  const ns = t.namespaced ? r.namespace : undefined;
  // A deprecated version warns on every request; writes carry it among their own warnings.
  const deprecation = customResourceOf(t)?.deprecationWarning;
  if (deprecation) setWarnings(res, [deprecation]);
  const withDeprecation = (ctx: WriteContext): WriteContext => (deprecation ? { ...ctx, warnings: [deprecation] } : ctx);
  if (t.group === '' && t.kind === 'ComponentStatus' && deps.componentHealth && method === 'GET' && !r.watchPath && !isTrue(q.get('watch'))) {
    return serveComponentStatuses(req, res, t, r.name, q, deps.componentHealth);
  }

  if (r.name === undefined) {
    const filter = deps.filters.build(t, q.get('labelSelector') ?? '', q.get('fieldSelector') ?? '');
    if (method === 'GET' && (r.watchPath || isTrue(q.get('watch')))) return watch(req, res, t, ns, filter, q, deps);
    if (r.watchPath) throw methodNotAllowed();
    if (method === 'GET') return list(res, t, ns, filter, q, deps, new ResponseShaper(t, req.headers.accept, q));
    if (method === 'POST') {
      if (t.namespaced && ns === undefined) throw resourceNotFound();
      const custom = customResourceOf(t);
      if (custom && deps.catalog.isTerminating(custom.crdName)) throw terminatingCrdError();
      const ctx = withDeprecation(writeContext(req, q, 'CreateOptions'));
      const body = await readObject(req);
      if (deps.identity.isReview(t)) return sendJson(res, 201, await deps.identity.review(t, ns, body));
      decodeIntoType(t, body, ctx.fieldValidation!, ctx.warnings!);
      const created = await registry.create(t, ns, body, ctx);
      setWarnings(res, ctx.warnings!);
      return sendJson(res, 201, inServedVersion(t, created));
    }
    if (method === 'DELETE') return deleteCollection(req, res, t, ns, filter, q, deps);
    throw methodNotAllowed();
  }

  if (t.namespaced && ns === undefined) throw resourceNotFound();
  const name = r.name;
  if (r.watchPath) {
    if (method !== 'GET') throw methodNotAllowed();
    const filter = deps.filters.build(t, q.get('labelSelector') ?? '', `metadata.name=${name}`);
    return watch(req, res, t, ns, filter, q, deps);
  }
  switch (r.subresource) {
    case 'scale':
      if (customResourceOf(t)) return customScale(req, res, t as CustomResourceType, ns, name, q, deps);
      if (method === 'GET') return sendJson(res, 200, readScale(await registry.get(t, ns, name)));
      if (method === 'PUT' || method === 'PATCH') {
        const ctx = method === 'PUT' ? writeContext(req, q, 'UpdateOptions') : patchContext(req, q);
        const body = method === 'PUT' ? await readObject(req) : decodeBody(await readBody(req), mediaType(req));
        return sendJson(res, 200, await writeScale(registry, deps.patcher, t, ns, name, method, mediaType(req), body, ctx));
      }
      throw methodNotAllowed();
    case 'binding':
      if (method !== 'POST') throw methodNotAllowed();
      await bindPod(registry, t, ns!, name, await readObject(req), writeContext(req, q, 'CreateOptions'));
      return sendJson(res, 201, successStatus());
    case 'eviction':
      if (method !== 'POST') throw methodNotAllowed();
      await evictPod(registry, t, ns!, name, await readObject(req));
      return sendJson(res, 201, successStatus());
    case 'log':
      if (method !== 'GET') throw methodNotAllowed();
      return servePodLog(req, res, await registry.get(t, ns, name), q, deps.podLogs);
    case 'token':
      if (method !== 'POST') throw methodNotAllowed();
      return sendJson(res, 201, await deps.identity.token(ns!, name, await readObject(req)));
    case 'exec':
    case 'attach':
    case 'portforward':
      // Streams are served on upgraded connections (upgrade-handler.ts); a plain request finds the pod, then is refused as upstream's proxy refuses it.
      if (method !== 'GET' && method !== 'POST') throw methodNotAllowed();
      await registry.get(t, ns, name);
      throw badRequest('Upgrade request required');
    default:
      break;
  }
  const subresource = r.subresource;
  switch (method) {
    case 'GET': {
      if (subresource === 'finalize') throw methodNotAllowed();
      const shaper = new ResponseShaper(t, req.headers.accept, q);
      return sendJson(res, 200, shaper.object(inServedVersion(t, await registry.get(t, ns, name))));
    }
    case 'PUT': {
      const ctx = withDeprecation(writeContext(req, q, 'UpdateOptions'));
      const body = await readObject(req);
      decodeIntoType(t, body, ctx.fieldValidation!, ctx.warnings!);
      setWarnings(res, ctx.warnings!);
      if (subresource === 'finalize') {
        const finalizers = (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
        const updated = await registry.write(t, ns, name, (cur) => ({ ...cur!, spec: { ...(cur!.spec as object), finalizers } }), ctx);
        return sendJson(res, 200, updated);
      }
      return sendJson(res, 200, inServedVersion(t, await registry.update(t, ns, name, body, { ...ctx, ...(subresource ? { subresource } : {}) })));
    }
    case 'PATCH': {
      if (subresource === 'finalize') throw methodNotAllowed();
      const ctx = withDeprecation(patchContext(req, q));
      const type = mediaType(req);
      if (customResourceOf(t) && type === patchTypes.strategic) throw customPatchTypeError();
      const patch = decodeBody(await readBody(req), type);
      const force = isTrue(q.get('force'));
      const result = await deps.patcher.patchObject(registry, t, ns, name, type, patch, { ...ctx, force, ...(subresource ? { subresource } : {}) });
      setWarnings(res, ctx.warnings!);
      return sendJson(res, result.created ? 201 : 200, inServedVersion(t, result.object));
    }
    case 'DELETE': {
      if (subresource) throw methodNotAllowed();
      const options = await readDeleteOptions(req, q);
      const result = t === crdType ? await deleteCrd(registry, name, options) : await deleteObject(registry, t, ns, name, options);
      // As kube-apiserver: most types answer an immediate delete with a Status naming what went;
      // 202 when dependents were to be deleted and the object still waits for that.
      if (result.deleted && !returnsDeletedObject(t)) {
        return sendJson(res, 200, successStatus({ name, ...(t.group ? { group: t.group } : {}), kind: t.plural, uid: result.object.metadata?.uid ?? '' }));
      }
      return sendJson(res, !result.deleted && options.orphanDependents === false ? 202 : 200, result.object);
    }
    default:
      throw methodNotAllowed();
  }
}

async function list(res: ServerResponse, t: ResourceType, ns: string | undefined, filter: ObjectFilter, q: URLSearchParams, deps: ResourceHandlerDeps, shaper: ResponseShaper): Promise<void> {
  const page = await listObjects(deps.registry, t, ns, {
    filter,
    unfiltered: !q.get('labelSelector') && !q.get('fieldSelector'),
    ...optional('limit', numberParam(q, 'limit')),
    ...optional('continueToken', q.get('continue') || undefined),
    ...optional('resourceVersion', q.get('resourceVersion') ?? undefined),
    ...optional('resourceVersionMatch', q.get('resourceVersionMatch') ?? undefined),
  });
  sendJson(res, 200, shaper.list({
    kind: listKind(t),
    apiVersion: apiVersionOf(t),
    metadata: {
      resourceVersion: page.resourceVersion,
      ...(page.continueToken ? { continue: page.continueToken } : {}),
      ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
    },
    items: page.items.map((obj) => inServedVersion(t, obj)),
  }));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

async function watch(req: IncomingMessage, res: ServerResponse, t: ResourceType, ns: string | undefined, filter: ObjectFilter, q: URLSearchParams, deps: ResourceHandlerDeps): Promise<void> {
  const timeout = numberParam(q, 'timeoutSeconds') ?? deps.watchTimeoutSeconds();
  const sendInitialEvents = q.get('sendInitialEvents');
  const shaper = new ResponseShaper(t, req.headers.accept, q);
  await streamWatch(req, res, timeout, (sink) =>
    startWatch(deps.registry, t, ns, {
      filter,
      allowBookmarks: isTrue(q.get('allowWatchBookmarks')),
      ...optional('resourceVersion', q.get('resourceVersion') ?? undefined),
      ...(sendInitialEvents !== null ? { sendInitialEvents: isTrue(sendInitialEvents) } : {}),
    }, servedVersionSink(t, shaper.watchSink(sink))),
  );
}

async function deleteCollection(req: IncomingMessage, res: ServerResponse, t: ResourceType, ns: string | undefined, filter: ObjectFilter, q: URLSearchParams, deps: ResourceHandlerDeps): Promise<void> {
  const options = await readDeleteOptions(req, q);
  const page = await listObjects(deps.registry, t, ns, { filter, unfiltered: false });
  for (const obj of page.items) {
    try {
      if (t === crdType) await deleteCrd(deps.registry, obj.metadata!.name!, options);
      else await deleteObject(deps.registry, t, obj.metadata?.namespace, obj.metadata!.name!, options);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  // As kube-apiserver: the answer is the list of what was selected, as it was listed.
  sendJson(res, 200, { kind: listKind(t), apiVersion: apiVersionOf(t), metadata: { resourceVersion: page.resourceVersion }, items: page.items });
}

async function customScale(req: IncomingMessage, res: ServerResponse, t: CustomResourceType, ns: string | undefined, name: string, q: URLSearchParams, deps: ResourceHandlerDeps): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET') return sendJson(res, 200, readCustomScale(t, await deps.registry.get(t, ns, name)));
  if (method !== 'PUT' && method !== 'PATCH') throw methodNotAllowed();
  const ctx = method === 'PUT' ? writeContext(req, q, 'UpdateOptions') : patchContext(req, q);
  const body = method === 'PUT' ? await readObject(req) : decodeBody(await readBody(req), mediaType(req));
  sendJson(res, 200, await writeCustomScale(deps.registry, deps.patcher, t, ns, name, method, mediaType(req), body, ctx));
}
