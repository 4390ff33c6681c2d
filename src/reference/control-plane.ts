// The reference control plane in one process: the store, the API server over
// it, and the loops the API server needs (namespace finalization, compaction).
// Writes DATA_DIR/kubeconfig once it serves.
import { join } from 'node:path';
import { loadOrCreateTokenFile } from './api/authn.ts';
import { writeComponentKubeconfigs } from './api/authorization/component-identities.ts';
import { EscalationCheck } from './api/authorization/escalation-check.ts';
import { startIdentityServices } from './api/authorization/identity-services.ts';
import { RbacAuthorizer } from './api/authorization/rbac-authorizer.ts';
import { Compactor } from './api/compactor.ts';
import { registerBuiltinApiServices } from './api/builtin-api-services.ts';
import { writeKubeconfig } from './api/kubeconfig.ts';
import { startKubernetesService } from './api/kubernetes-service.ts';
import { NamespaceLifecycle } from './api/namespace-lifecycle.ts';
import { CrdController } from './api/crd/crd-controller.ts';
import { ResourceCatalog } from './api/crd/resource-catalog.ts';
import { selectorFilters } from './api/object-filters.ts';
import { createObjectPolicy } from './api/object-policy.ts';
import { openApiDocuments } from './api/openapi-documents.ts';
import { patcher } from './api/patch-request.ts';
import { adminGroups, adminUser, issueClientCertificate, loadOrCreatePki } from './api/pki.ts';
import { KubeletClient, kubeletClientGroups, kubeletClientUser } from './api/kubelet-client.ts';
import { kubeletPodLogs } from './api/subresources/kubelet-pod-logs.ts';
import { Registry } from './api/registry.ts';
import { resourceTypes, type ResourceType } from './api/resources.ts';
import { ApiError } from './api/status.ts';
import { ApiServer } from './api/server.ts';
import { noPodLogs } from './api/subresources/pod-log.ts';
import { startControllerManager, type RunningControllerManager } from './controller-manager.ts';
import type { ControllerTimings } from './controllers/controller-context.ts';
import type { SimulatedNodesOptions } from './simulated-nodes/simulated-nodes.ts';
import type { EtcdTlsFiles } from './store/etcd-client-options.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';

export interface ControlPlaneOptions {
  dataDir: string;
  /** Address the API server listens on. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** progressIntervalMs: how often a quiet watch gets a BOOKMARK (embedded store; default 5000). */
  store: { backend: 'embedded'; progressIntervalMs?: number } | { backend: 'etcd'; endpoints: string[]; tls?: EtcdTlsFiles };
  /** Extra names and addresses the serving certificate must cover. */
  serverNames?: { dnsNames?: string[]; ipAddresses?: string[] };
  /** Seconds between compactions (kube-apiserver: 300). */
  compactionIntervalSeconds: number;
  clusterName: string;
  /**
   * Run the scheduler and controllers (and simulated nodes) beside the API
   * server; absent or false serves the API alone, nothing acting on what it stores.
   */
  controllers?: false | {
    timings?: Partial<ControllerTimings>;
    /** Pod CIDR carved into a /24 per node (default 10.244.0.0/16: 256 nodes). */
    clusterCIDR?: string;
    /** false: Nodes get no podCIDR (--allocate-node-cidrs=false); default true. */
    allocateNodeCIDRs?: boolean;
    simulatedNodes?: SimulatedNodesOptions;
  };
  log: (message: string) => void;
  /** The clock service account tokens are issued and checked by (default Date.now); tests move it to expire tokens. */
  serviceAccountTokenClock?: () => number;
}

export interface RunningControlPlane {
  url: string;
  port: number;
  kubeconfigPath: string;
  store: Store;
  /** The controller manager, unless controllers were turned off. */
  controllerManager: RunningControllerManager | undefined;
  stop(): Promise<void>;
}

const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function namespacesType(): ResourceType {
  return resourceTypes.find((t) => t.group === '' && t.plural === 'namespaces')!;
}

async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const t = namespacesType();
  for (const name of systemNamespaces) {
    try {
      await registry.create(t, undefined, { metadata: { name } }, { fieldManager: 'kube-apiserver', dryRun: false });
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    }
  }
}

function tolerationOption(o: ControlPlaneOptions): { defaultTolerationSeconds?: number } {
  const seconds = o.controllers ? o.controllers.timings?.defaultTolerationSeconds : undefined;
  return seconds === undefined ? {} : { defaultTolerationSeconds: seconds };
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<RunningControlPlane> {
  const undo: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const step of undo.reverse()) await step().catch((err: Error) => o.log(`shutdown: ${err.message}`));
  };
  try {
    const pki = await loadOrCreatePki(join(o.dataDir, 'pki'), o.serverNames ?? {});
    const { tokens, token } = await loadOrCreateTokenFile(join(o.dataDir, 'tokens.csv'), { name: adminUser, groups: adminGroups });
    const store = o.store.backend === 'etcd'
      ? await openStore({ backend: 'etcd', endpoints: o.store.endpoints, ...(o.store.tls ? { tls: o.store.tls } : {}) })
      : await openStore({ backend: 'embedded', dataDir: join(o.dataDir, 'store'), ...(o.store.progressIntervalMs ? { progressIntervalMs: o.store.progressIntervalMs } : {}) });
    undo.push(() => store.close());
    const rbac = new RbacAuthorizer(store);
    const registry = new Registry(store, new EscalationCheck(rbac).wrap(createObjectPolicy(store, tolerationOption(o))), namespacesType());
    await ensureSystemNamespaces(registry);
    await registerBuiltinApiServices(registry);
    const identity = await startIdentityServices({
      store, registry, rbac, pkiDir: join(o.dataDir, 'pki'), clientCA: pki.ca.cert, tokens,
      ...(o.serviceAccountTokenClock ? { now: o.serviceAccountTokenClock } : {}),
    });
    undo.push(() => identity.stop());
    const catalog = new ResourceCatalog();
    const crds = new CrdController(registry, catalog, { retryMs: 1000, log: o.log });
    await crds.start();
    undo.push(() => crds.stop());
    const namespaces = new NamespaceLifecycle(registry, { retryMs: 1000, log: o.log, types: () => catalog.types() });
    await namespaces.start();
    undo.push(() => namespaces.stop());
    const kubelets = new KubeletClient(registry, issueClientCertificate(pki.ca, kubeletClientUser, kubeletClientGroups));
    const compactor = new Compactor(store, o.compactionIntervalSeconds * 1000, o.log);
    compactor.start();
    undo.push(async () => compactor.stop());
    // Read by componentstatuses; true once the scheduler and controllers run.
    let controllersRunning = false;
    const server = new ApiServer({
      host: o.host,
      port: o.port,
      tls: { key: pki.apiserver.key, cert: pki.apiserver.cert, ca: pki.ca.cert },
      authenticator: identity.authenticator,
      access: identity.access,
      serviceAccountIssuer: identity.issuer,
      resources: {
        registry,
        patcher,
        filters: selectorFilters,
        catalog,
        podLogs: kubeletPodLogs(kubelets, noPodLogs),
        kubelets,
        watchTimeoutSeconds: () => 1800 + Math.floor(Math.random() * 1800),
        identity: identity.endpoints,
        componentHealth: { controllersRunning: () => controllersRunning, store: async () => void (await store.revision()) },
      },
      openapi: openApiDocuments(catalog),
      healthChecks: { etcd: async () => void (await store.revision()) },
    });
    const port = await server.listen();
    undo.push(() => server.close());
    const kubernetesService = await startKubernetesService(registry, { host: o.host, port, log: o.log });
    undo.push(() => kubernetesService.stop());
    const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
    const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const kubeconfigPath = join(o.dataDir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, { name: o.clusterName, server: url, caCertificate: pki.ca.cert, clientCertificate: pki.admin, token });
    let controllerManager: RunningControllerManager | undefined;
    if (o.controllers) {
      const components = await writeComponentKubeconfigs(join(o.dataDir, 'components'), { clusterName: o.clusterName, server: url, ca: pki.ca });
      const serviceAccounts = { issuer: identity.issuer, rootCA: pki.ca.cert };
      const manager = await startControllerManager({ kubeconfigPath, components, serviceAccounts, ...o.controllers, log: o.log });
      controllerManager = manager;
      controllersRunning = true;
      undo.push(() => manager.stop());
    }
    return { url, port, kubeconfigPath, store, controllerManager, stop: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}
