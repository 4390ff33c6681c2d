// The reference kube-controller-manager and kube-scheduler, with the simulated
// nodes beside them: one context (an API client, shared informers, event
// recorders), the controllers started from one list, and a teardown that
// unwinds in reverse. They reach the API server only through its HTTPS API.
import { createApiClient } from '../kube/https-api-client.ts';
import { InformerFactory } from '../kube/shared-informer.ts';
import type { Controller, ControllerContext, ControllerTimings } from './controllers/controller-context.ts';
import { createControllerContext } from './controllers/create-controller-context.ts';
import { startApiServiceController } from './controllers/apiservice.ts';
import { startCronJobController } from './controllers/cronjob.ts';
import { startDaemonSetController } from './controllers/daemonset.ts';
import { startDeploymentController } from './controllers/deployment.ts';
import { startDisruptionController } from './controllers/disruption.ts';
import { startEndpointsController } from './controllers/endpoints.ts';
import { startEndpointSliceController } from './controllers/endpointslice.ts';
import { startGarbageCollector } from './controllers/garbage-collector.ts';
import { startHpaController } from './controllers/hpa.ts';
import { startHostpathProvisioner } from './controllers/hostpath-provisioner.ts';
import { startJobController } from './controllers/job.ts';
import { startNodeIpamController } from './controllers/node-ipam.ts';
import { startNodeLifecycleController } from './controllers/node-lifecycle.ts';
import { startPersistentVolumeBinder } from './controllers/persistent-volume-binder.ts';
import { startReplicaSetController } from './controllers/replicaset.ts';
import { startReplicationControllerController } from './controllers/replicationcontroller.ts';
import { startResourceQuotaController } from './controllers/resourcequota.ts';
import { startStatefulSetController } from './controllers/statefulset.ts';
import { startScheduler } from './scheduler/scheduler.ts';
import { startSimulatedNodes, type SimulatedNodes, type SimulatedNodesOptions } from './simulated-nodes/simulated-nodes.ts';
import type { ComponentKubeconfigs } from './api/authorization/component-identities.ts';
import type { ServiceAccountIssuer } from './api/serviceaccount/issuer.ts';
import { startClusterRoleAggregationController } from './controllers/clusterrole-aggregation.ts';
import { startRootCaPublisher } from './controllers/root-ca-publisher.ts';
import { startServiceAccountsController } from './controllers/serviceaccounts.ts';
import { startServiceAccountTokensController } from './controllers/serviceaccount-tokens.ts';

export interface ControllerManagerOptions {
  kubeconfigPath: string;
  timings?: Partial<ControllerTimings>;
  /** Pod CIDR the node IPAM controller carves per-node /24s from. */
  clusterCIDR?: string;
  /** false: no node IPAM controller (kube-controller-manager --allocate-node-cidrs=false), as when flannel leases subnets in etcd. */
  allocateNodeCIDRs?: boolean;
  simulatedNodes?: SimulatedNodesOptions;
  /** Each component's own kubeconfig (its identity); without them every component uses kubeconfigPath. */
  components?: ComponentKubeconfigs;
  /**
   * What the service account controllers need from the API server, which runs in this process:
   * the token issuer (legacy token Secrets) and the cluster CA (kube-root-ca.crt, ca.crt).
   */
  serviceAccounts?: { issuer: ServiceAccountIssuer; rootCA: string };
  log(message: string): void;
}

export interface RunningControllerManager {
  /** Present when simulated nodes were asked for. */
  simulatedNodes: SimulatedNodes | undefined;
  stop(): Promise<void>;
}

/** The controllers, in start order. */
const controllers: ((ctx: ControllerContext, o: ControllerManagerOptions) => Promise<Controller | undefined>)[] = [
  async (ctx, o) => (o.allocateNodeCIDRs === false ? undefined : startNodeIpamController(ctx, o.clusterCIDR ? { clusterCIDR: o.clusterCIDR } : {})),
  (ctx) => startNodeLifecycleController(ctx),
  (ctx) => startReplicaSetController(ctx),
  (ctx) => startReplicationControllerController(ctx),
  (ctx) => startDeploymentController(ctx),
  (ctx) => startDaemonSetController(ctx),
  (ctx) => startStatefulSetController(ctx),
  (ctx) => startJobController(ctx),
  (ctx) => startCronJobController(ctx),
  (ctx) => startGarbageCollector(ctx),
  (ctx) => startDisruptionController(ctx),
  (ctx) => startResourceQuotaController(ctx),
  (ctx) => startHpaController(ctx),
  (ctx) => startApiServiceController(ctx),
  (ctx) => startEndpointsController(ctx),
  (ctx) => startEndpointSliceController(ctx),
  (ctx) => startPersistentVolumeBinder(ctx),
  (ctx) => startHostpathProvisioner(ctx),
  (ctx) => startClusterRoleAggregationController(ctx),
  (ctx) => startServiceAccountsController(ctx),
];

/** The controllers that need the API server's token issuer and CA. */
const serviceAccountControllers: ((ctx: ControllerContext, sa: NonNullable<ControllerManagerOptions['serviceAccounts']>) => Promise<Controller>)[] = [
  (ctx, sa) => startServiceAccountTokensController(ctx, sa),
  (ctx, sa) => startRootCaPublisher(ctx, sa.rootCA),
];

export async function startControllerManager(o: ControllerManagerOptions): Promise<RunningControllerManager> {
  const undo: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const step of undo.reverse()) await step().catch((err: Error) => o.log(`controller manager shutdown: ${err.message}`));
  };
  try {
    // Each component has its own client (its identity), informers and event recorders.
    const componentContext = async (kubeconfigPath: string, userAgent: string): Promise<ControllerContext> => {
      const client = await createApiClient(kubeconfigPath, { userAgent });
      undo.push(async () => client.close());
      const informers = new InformerFactory(client, { log: o.log });
      undo.push(async () => informers.stop());
      const { ctx, flushEvents } = createControllerContext(client, informers, { ...(o.timings ? { timings: o.timings } : {}), host: 'kdrill-control-plane', log: o.log });
      undo.push(flushEvents);
      // Started first: a controller may wait for its informers to sync before it returns.
      informers.start();
      return ctx;
    };
    const ctx = await componentContext(o.components?.controllerManager ?? o.kubeconfigPath, 'kdrill-controller-manager');
    for (const start of controllers) {
      const controller = await start(ctx, o);
      if (controller) undo.push(() => controller.stop());
    }
    for (const start of o.serviceAccounts ? serviceAccountControllers : []) {
      const controller = await start(ctx, o.serviceAccounts!);
      undo.push(() => controller.stop());
    }
    const scheduler = await startScheduler(await componentContext(o.components?.scheduler ?? o.kubeconfigPath, 'kdrill-scheduler'));
    undo.push(() => scheduler.stop());
    let simulatedNodes: SimulatedNodes | undefined;
    if (o.simulatedNodes && o.simulatedNodes.count > 0) {
      const nodesCtx = await componentContext(o.components?.simulatedNodes ?? o.kubeconfigPath, 'kdrill-simulated-nodes');
      // Leases last as long as the node monitor's grace period (40 s both upstream), so that shortened
      // timings do not declare healthy nodes lost between two renewals.
      const nodes = await startSimulatedNodes(nodesCtx, { leaseDurationSeconds: ctx.timings.nodeMonitorGracePeriodSeconds, ...o.simulatedNodes });
      simulatedNodes = nodes;
      undo.push(() => nodes.stop());
    }
    return { simulatedNodes, stop: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}
