// Keeps the cluster's records current from shared informers on Services,
// EndpointSlices and Pods: any change marks them stale, and the next question
// rebuilds them, so an object is answered for as soon as its watch event arrives.
import type { InformerFactory } from '../../kube/shared-informer.ts';
import type { Informer } from '../../kube/informer.ts';
import { ClusterRecords, type ClusterZoneOptions, type EndpointSliceObject, type PodObject, type ServiceObject } from './cluster-records.ts';

export class ClusterRecordsSource {
  private readonly services: Informer<ServiceObject>;
  private readonly endpointSlices: Informer<EndpointSliceObject>;
  private readonly pods: Informer<PodObject>;
  private readonly options: ClusterZoneOptions;
  private current: ClusterRecords | undefined;

  constructor(informers: InformerFactory, options: ClusterZoneOptions = {}) {
    this.options = options;
    this.services = informers.for<ServiceObject>('/api/v1/services');
    this.endpointSlices = informers.for<EndpointSliceObject>('/apis/discovery.k8s.io/v1/endpointslices');
    this.pods = informers.for<PodObject>('/api/v1/pods');
    const stale = { add: () => (this.current = undefined), update: () => (this.current = undefined), delete: () => (this.current = undefined) };
    for (const informer of [this.services, this.endpointSlices, this.pods] as Informer[]) informer.on(stale);
  }

  async synced(): Promise<void> {
    await Promise.all([this.services.synced(), this.endpointSlices.synced(), this.pods.synced()]);
  }

  records(): ClusterRecords {
    this.current ??= new ClusterRecords({ services: this.services.list(), endpointSlices: this.endpointSlices.list(), pods: this.pods.list() }, this.options);
    return this.current;
  }
}
