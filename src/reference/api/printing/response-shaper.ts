// Puts what a read returns (one object, a list, watch events) in the form the
// client negotiated: as stored, as a Table, or as PartialObjectMetadata(List),
// the way kube-apiserver's transformObject does.
import type { KubeObject } from '../object.ts';
import type { ResourceType } from '../resources.ts';
import { ApiError } from '../status.ts';
import type { ApiWatchEvent, WatchSink } from '../watch.ts';
import { asPartialObjectMetadata, asPartialObjectMetadataList, type ListMeta } from './partial-object-metadata.ts';
import { printerFor } from './printers.ts';
import { responseTarget, type ResponseTarget } from './response-target.ts';
import { buildTable, includeObjectOf, type IncludeObject, type TableOptions } from './table.ts';

export interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: ListMeta;
  items: KubeObject[];
}

function notAcceptableBecause(message: string): ApiError {
  return new ApiError(406, 'NotAcceptable', message);
}

/** The Go type upstream names in its messages: *core.Pod, *apps.DeploymentList, *unstructured.Unstructured. */
function goTypeName(t: ResourceType, list: boolean): string {
  if (t.printerColumns) return list ? '*unstructured.UnstructuredList' : '*unstructured.Unstructured';
  const pkg = t.group === '' ? 'core' : t.group.split('.')[0]!;
  return `*${pkg}.${t.kind}${list ? 'List' : ''}`;
}

export class ResponseShaper {
  private readonly t: ResourceType;
  private readonly target: ResponseTarget;
  private readonly includeObject: IncludeObject;
  /** Watches send the column definitions with their first event only. */
  private headersSent = false;

  /** From the request's Accept header and query; 406 or 400 before anything is read. */
  constructor(t: ResourceType, accept: string | undefined, q: URLSearchParams) {
    this.t = t;
    this.target = responseTarget(accept);
    this.includeObject = this.target.as === 'Table' ? includeObjectOf(q) : 'Metadata';
  }

  object(obj: KubeObject): unknown {
    const target = this.target;
    switch (target.as) {
      case 'Object':
        return obj;
      case 'PartialObjectMetadata':
        return asPartialObjectMetadata(obj, target.apiVersion);
      case 'PartialObjectMetadataList':
        throw notAcceptableBecause(`you requested PartialObjectMetadataList, but the requested object is not a list (${goTypeName(this.t, false)})`);
      case 'Table':
        return buildTable(printerFor(this.t), [obj], obj.metadata?.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}, this.tableOptions());
    }
  }

  list(body: ListBody): unknown {
    const target = this.target;
    switch (target.as) {
      case 'Object':
        return body;
      case 'PartialObjectMetadata':
        throw notAcceptableBecause(`you requested PartialObjectMetadata, but the requested object is a list (${goTypeName(this.t, true)})`);
      case 'PartialObjectMetadataList':
        return asPartialObjectMetadataList(body.items, body.metadata, target.apiVersion);
      case 'Table':
        return buildTable(printerFor(this.t), body.items, body.metadata, this.tableOptions());
    }
  }

  /** A watch event's object in the negotiated form; Status objects (ERROR events) as they are. */
  watchEvent(event: ApiWatchEvent): ApiWatchEvent {
    if (this.target.as === 'Object' || event.object.kind === 'Status') return event;
    try {
      const object = this.object(event.object as KubeObject) as ApiWatchEvent['object'];
      if (this.target.as === 'Table') this.headersSent = true;
      return { type: event.type, object };
    } catch (err) {
      // As upstream: an object that cannot be transformed is sent as it is.
      if (err instanceof ApiError) return event;
      throw err;
    }
  }

  /** A sink that passes every event on in the negotiated form. */
  watchSink(sink: WatchSink): WatchSink {
    if (this.target.as === 'Object') return sink;
    return { send: (events) => sink.send(events.map((e) => this.watchEvent(e))), end: () => sink.end() };
  }

  private tableOptions(): TableOptions {
    const apiVersion = this.target.as === 'Object' ? '' : this.target.apiVersion;
    return { apiVersion, includeObject: this.includeObject, noHeaders: this.headersSent, now: Date.now() };
  }
}
