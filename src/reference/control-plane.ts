// The reference control plane in one process: the store, the API server over
// it, and the loops the API server needs (namespace finalization, compaction).
// Writes DATA_DIR/kubeconfig once it serves.
import { join } from 'node:path';
import { Authenticator, loadOrCreateTokenFile } from './api/authn.ts';
import { Compactor } from './api/compactor.ts';
import { writeKubeconfig } from './api/kubeconfig.ts';
import { NamespaceLifecycle } from './api/namespace-lifecycle.ts';
import { selectorFilters } from './api/object-filters.ts';
import { createObjectPolicy } from './api/object-policy.ts';
import { openApiDocuments } from './api/openapi-documents.ts';
import { patcher } from './api/patch-request.ts';
import { adminGroups, adminUser, loadOrCreatePki } from './api/pki.ts';
import { Registry } from './api/registry.ts';
import { resourceTypes, type ResourceType } from './api/resources.ts';
import { ApiError } from './api/status.ts';
import { ApiServer } from './api/server.ts';
import { noPodLogs } from './api/subresources/pod-log.ts';
import { startControllerManager, type RunningControllerManager } from './controller-manager.ts';
import type { ControllerTimings } from './controllers/controller-context.ts';
import type { SimulatedNodesOptions } from './simulated-nodes/simulated-nodes.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';

export interface ControlPlaneOptions {
  dataDir: string;
  /** Address the API server listens on. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** progressIntervalMs: how often a quiet watch gets a BOOKMARK (embedded store; default 5000). */
  store: { backend: 'embedded'; progressIntervalMs?: number } | { backend: 'etcd'; endpoints: string[] };
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
    simulatedNodes?: SimulatedNodesOptions;
  };
  log: (message: string) => void;
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
      ? await openStore({ backend: 'etcd', endpoints: o.store.endpoints })
      : await openStore({ backend: 'embedded', dataDir: join(o.dataDir, 'store'), ...(o.store.progressIntervalMs ? { progressIntervalMs: o.store.progressIntervalMs } : {}) });
    undo.push(() => store.close());
    const registry = new Registry(store, createObjectPolicy(store, tolerationOption(o)), namespacesType());
    await ensureSystemNamespaces(registry);
    const namespaces = new NamespaceLifecycle(registry, { retryMs: 1000, log: o.log });
    await namespaces.start();
    undo.push(() => namespaces.stop());
    const compactor = new Compactor(store, o.compactionIntervalSeconds * 1000, o.log);
    compactor.start();
    undo.push(async () => compactor.stop());
    const server = new ApiServer({
      host: o.host,
      port: o.port,
      tls: { key: pki.apiserver.key, cert: pki.apiserver.cert, ca: pki.ca.cert },
      authenticator: new Authenticator({ clientCA: pki.ca.cert, tokens }),
      resources: {
        registry,
        patcher,
        filters: selectorFilters,
        podLogs: noPodLogs,
        watchTimeoutSeconds: () => 1800 + Math.floor(Math.random() * 1800),
      },
      openapi: openApiDocuments(),
      healthChecks: { etcd: async () => void (await store.revision()) },
    });
    const port = await server.listen();
    undo.push(() => server.close());
    const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
    const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const kubeconfigPath = join(o.dataDir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, { name: o.clusterName, server: url, caCertificate: pki.ca.cert, clientCertificate: pki.admin, token });
    let controllerManager: RunningControllerManager | undefined;
    if (o.controllers) {
      const manager = await startControllerManager({ kubeconfigPath, ...o.controllers, log: o.log });
      controllerManager = manager;
      undo.push(() => manager.stop());
    }
    return { url, port, kubeconfigPath, store, controllerManager, stop: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}
