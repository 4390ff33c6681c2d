// The node agent, kdrill's kubelet: registers its Node, heartbeats its
// Lease, reports its status, and runs the pods bound to it, one PodWorker
// each, through the container runtime once the node has its pod subnet (the
// runtime's address management needs it): its Node's spec.podCIDR, or the
// subnet flannel over etcd leased. It answers the kubelet API's questions
// about its pods (PodAccess).
import { mkdir } from 'node:fs/promises';
import { ApiRequestError, type ApiClient } from '../../kube/api-client.ts';
import { createEventRecorder, type EventRecorder } from '../../kube/event-recorder.ts';
import type { Informer } from '../../kube/informer.ts';
import { InformerFactory } from '../../kube/shared-informer.ts';
import type { KubeObject } from '../api/object.ts';
import type { NodeCondition } from '../simulated-nodes/node-registration.ts';
import type { NodeAgentConfig } from './agent-config.ts';
import type { ConfigSource, ConfigSources } from './container-env.ts';
import type { ContainerRuntime, RunningContainer } from './container-runtime.ts';
import { ImagePuller } from './image-pull.ts';
import type { ImageStore } from './image-store.ts';
import { nodeConditions } from './node-conditions.ts';
import { NodeLeaseHeartbeat } from './node-lease.ts';
import { nodeCapacity, nodeObject, nodeStatusFields } from './node-registration.ts';
import { NodeStatusReporter } from './node-status.ts';
import type { PodAccess } from './pod-access.ts';
import { readNodeResolvConf } from './pod-dns.ts';
import type { Pod } from './pod-types.ts';
import { PodWorker, type PodWorkerDeps } from './pod-worker.ts';
import { RestartBackoff } from './restart-backoff.ts';
import { serviceEnv, servicesForPod, type Service } from './service-env.ts';
import { ServiceAccountTokens } from './volumes/service-account-token.ts';

export interface NodeAgentOptions {
  config: NodeAgentConfig;
  client: ApiClient;
  images: ImageStore;
  /** Makes the runtime once the node's pod subnet is known. */
  createRuntime(podCIDR: string): Promise<ContainerRuntime>;
  /**
   * Where the node's pod subnet comes from when it is not its Node's spec.podCIDR (set by the node IPAM
   * controller): flannel over etcd leases it itself, and the control plane allocates no podCIDRs then.
   */
  leasePodSubnet?(): Promise<string>;
  log(message: string): void;
  /** Crash-loop and image-pull back-off base and cap in seconds (kubelet: 10 and 300); tests shorten them. */
  backoffSeconds?: { initial: number; max: number };
}

interface NodeFields extends KubeObject {
  spec?: { podCIDR?: string };
  status?: { conditions?: NodeCondition[] };
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === 404;
}

export class NodeAgent implements PodAccess {
  private readonly options: NodeAgentOptions;
  private readonly config: NodeAgentConfig;
  private readonly client: ApiClient;
  private readonly informers: InformerFactory;
  private readonly events: EventRecorder;
  private readonly lease: NodeLeaseHeartbeat;
  private readonly status: NodeStatusReporter;
  private readonly workers = new Map<string, PodWorker>();
  /** ns/name → uid of the worker for the pod of that name now. */
  private readonly byName = new Map<string, string>();
  private podInformer: Informer<Pod> | undefined;
  private stopped = false;
  /** The runtime is up (the node's network with it): the Node is Ready from then on. */
  private runtimeStarted = false;
  private abortStart: (() => void) | undefined;

  constructor(options: NodeAgentOptions) {
    this.options = options;
    this.config = options.config;
    this.client = options.client;
    this.informers = new InformerFactory(options.client, { log: options.log });
    this.events = createEventRecorder(options.client, 'kubelet', options.config.nodeName, { log: options.log });
    this.lease = new NodeLeaseHeartbeat(options.client, options.config.nodeName, options.config.leaseRenewSeconds, options.log);
    this.status = new NodeStatusReporter(options.client, options.config, options.images, () => this.runtimeStarted, options.log);
  }

  /** Registers the Node, starts the heartbeats, waits for the pod subnet, then runs the node's pods. */
  async start(): Promise<void> {
    await mkdir(this.config.rootDir, { recursive: true });
    await mkdir(this.config.podLogDir, { recursive: true });
    await this.registerUntilDone();
    this.lease.start();
    this.status.start();
    const podCIDR = new Promise<string>((resolve, reject) => {
      this.abortStart = () => reject(new Error(`node ${this.config.nodeName}: stopped before it had a pod subnet`));
      // stop() may have come while the Node was being registered, before there was anything to abort.
      if (this.stopped) return this.abortStart();
      if (this.options.leasePodSubnet) return void this.options.leasePodSubnet().then(resolve, reject);
      const nodes = this.informers.for<NodeFields>('/api/v1/nodes', { fieldSelector: `metadata.name=${this.config.nodeName}` });
      const check = (node: NodeFields) => node.spec?.podCIDR && resolve(node.spec.podCIDR);
      nodes.on({ add: check, update: (_old, node) => check(node) });
    });
    this.informers.start();
    const cidr = await podCIDR;
    this.options.log(`node ${this.config.nodeName}: ${this.options.leasePodSubnet ? 'pod subnet leased' : 'podCIDR'} ${cidr}`);
    const runtime = await this.options.createRuntime(cidr);
    await runtime.cleanupOrphans();
    if (this.stopped) return;
    this.runtimeStarted = true;
    this.startPods(runtime);
    await this.status.report(true).catch((err: Error) => this.options.log(`node status: update failed: ${err.message}`));
  }

  /** As the kubelet's registerWithAPIServer: tries again, backing off from 100 ms to 7 s, until the API server takes it. */
  private async registerUntilDone(): Promise<void> {
    for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 7000)) {
      try {
        return await this.register();
      } catch (err) {
        if (this.stopped) throw err;
        this.options.log(`node ${this.config.nodeName}: unable to register with the API server: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private async register(): Promise<void> {
    const now = Date.now();
    const images = await this.options.images.list();
    const body = nodeObject(this.config, images, now);
    try {
      await this.client.create('/api/v1/nodes', body);
      this.options.log(`node ${this.config.nodeName}: registered`);
      return;
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.code === 409)) throw err;
    }
    // Registered before: take the Node over, with this configuration's labels and this agent's status.
    const existing = await this.client.get<NodeFields>(`/api/v1/nodes/${this.config.nodeName}`);
    await this.client.patch(`/api/v1/nodes/${this.config.nodeName}`, 'merge', { metadata: { labels: body.metadata?.labels } });
    const status = { ...nodeStatusFields(this.config, images), conditions: nodeConditions(existing.status?.conditions, false, now) };
    await this.client.patch(`/api/v1/nodes/${this.config.nodeName}/status`, 'merge', { status });
    this.options.log(`node ${this.config.nodeName}: registered again`);
  }

  private startPods(runtime: ContainerRuntime): void {
    const services = this.informers.for<Service>('/api/v1/services');
    const pods = this.informers.for<Pod>('/api/v1/pods', { fieldSelector: `spec.nodeName=${this.config.nodeName}` });
    this.podInformer = pods;
    const backoff = this.options.backoffSeconds;
    const allocatable = nodeCapacity(this.config);
    const deps: PodWorkerDeps = {
      nodeIP: this.config.nodeIP,
      rootDir: this.config.rootDir,
      podLogDir: this.config.podLogDir,
      dns: { clusterDomain: this.config.clusterDomain, clusterDNS: this.config.clusterDNS, nodeResolvConf: readNodeResolvConf() },
      runtime,
      puller: new ImagePuller(this.options.images, backoff ? new RestartBackoff(backoff.initial * 1000, backoff.max * 1000) : new RestartBackoff()),
      crashBackoff: backoff ? new RestartBackoff(backoff.initial * 1000, backoff.max * 1000) : new RestartBackoff(),
      client: this.client,
      events: this.events,
      sources: this.configSources(),
      tokens: new ServiceAccountTokens(this.client, this.options.log),
      serviceEnv: (pod) => serviceEnv(servicesForPod(services.list(), pod.metadata?.namespace ?? '', pod.spec?.enableServiceLinks ?? true)),
      nodeAllocatable: () => allocatable,
      log: this.options.log,
    };
    const seen = (pod: Pod) => {
      if (this.stopped) return;
      const uid = pod.metadata?.uid ?? '';
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      const worker = this.workers.get(uid);
      if (worker) return worker.update(pod);
      const fresh = new PodWorker(pod, deps);
      this.workers.set(uid, fresh);
      this.byName.set(key, uid);
      void fresh.done.then(() => {
        this.workers.delete(uid);
        if (this.byName.get(key) === uid) this.byName.delete(key);
      });
    };
    // Services must be known before the first container starts, or their variables would be missing.
    void services.synced().then(() =>
      pods.on({
        add: seen,
        update: (_old, pod) => seen(pod),
        delete: (pod) => this.workers.get(pod.metadata?.uid ?? '')?.remove(),
      }),
    );
  }

  private configSources(): ConfigSources {
    const get = async (path: string): Promise<ConfigSource | undefined> => {
      try {
        return await this.client.get<ConfigSource>(path);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    return {
      configMap: (namespace, name) => get(`/api/v1/namespaces/${namespace}/configmaps/${name}`),
      secret: (namespace, name) => get(`/api/v1/namespaces/${namespace}/secrets/${name}`),
    };
  }

  /** The pods bound to this node, as the API has them. */
  listPods(): Pod[] {
    return this.podInformer?.list() ?? [];
  }

  private worker(namespace: string, podName: string): PodWorker | undefined {
    const uid = this.byName.get(`${namespace}/${podName}`);
    return uid === undefined ? undefined : this.workers.get(uid);
  }

  runningContainer(namespace: string, podName: string, container: string): RunningContainer | undefined {
    return this.worker(namespace, podName)?.runningContainer(container);
  }

  podIP(namespace: string, podName: string): string | undefined {
    return this.worker(namespace, podName)?.podIP();
  }

  logPath(namespace: string, podName: string, container: string, previous: boolean): string | undefined {
    return this.worker(namespace, podName)?.logPath(container, previous);
  }

  /** Stops the agent's loops; pods keep running (as when a kubelet stops), their containers left to the runtime. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abortStart?.();
    await this.informers.stop();
    await Promise.all([this.lease.stop(), this.status.stop()]);
    await Promise.all([...this.workers.values()].map((w) => w.shutdown()));
    await this.events.flush();
  }
}
