// kdrill node-agent: the node agent (kdrill's kubelet) in the foreground, on
// a node, until SIGTERM or Ctrl-C: it registers the Node named in its
// configuration, runs the pods bound to it through crun from the node's image
// store, and serves the kubelet API for logs, exec, attach and port-forward.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiClient } from '../../kube/https-api-client.ts';
import { parseQuantity } from '../../reference/api/validation/quantity.ts';
import { NodeAgent } from '../../reference/node/agent.ts';
import { OciImageStore } from '../../reference/node/oci-image-store.ts';
import { AgentConfigError, readAgentConfig } from '../../reference/node/read-agent-config.ts';
import { configuredSubnetManager } from '../../reference/node/network/flannel/configured-subnet-manager.ts';
import { Flannel, type FlannelNetwork } from '../../reference/node/network/flannel/flannel.ts';
import { defaultProxyServerAddresses } from '../../reference/node/network/kube-proxy/proxy-servers.ts';
import { KubeProxy } from '../../reference/node/network/kube-proxy/kube-proxy.ts';
import { CrunRuntime } from '../../reference/node/runtime/crun-runtime.ts';
import { KubeletServer } from '../../reference/node/server/kubelet-server.ts';
import { subjectAccessReviewAuthorizer } from '../../reference/node/server/kubelet-authorizer.ts';
import { exitCodes, type Command } from '../command.ts';
import { UsageError } from '../flags.ts';

/** The pods' MTU when the configuration gives none (the Docker network's). */
const defaultMtu = 1500;

export const nodeAgentCommand: Command = {
  name: 'node-agent',
  summary: 'Run the node agent (kdrill’s kubelet) of one node in the foreground',
  usage: 'kdrill node-agent --config FILE',
  flags: {
    config: { type: 'string', placeholder: 'FILE', description: 'The node agent configuration (JSON, NodeAgentConfig)' },
  },
  async run({ flags, positionals }) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const configPath = flags.config as string | undefined;
    if (!configPath) throw new UsageError('--config is required');
    let config;
    try {
      config = await readAgentConfig(configPath);
    } catch (err) {
      if (err instanceof AgentConfigError) throw new UsageError(err.message);
      throw err;
    }
    const log = (m: string) => process.stderr.write(`${m}\n`);
    const maxSize = parseQuantity(config.containerLogMaxSize)?.nanos;
    if (maxSize === undefined || maxSize <= 0n) throw new UsageError(`${configPath}: containerLogMaxSize "${config.containerLogMaxSize}" is not a size`);
    const client = await createApiClient(config.kubeconfig, { userAgent: `kdrill-node-agent/${config.nodeName}` });
    const agentConfig = config;
    let exitCode: number = exitCodes.ok;
    let requestStop: (reason: string) => void = () => undefined;
    const subnets = config.flannel ? await configuredSubnetManager(config.flannel, { client, nodeName: config.nodeName, log }) : undefined;
    const flannel = config.flannel && subnets
      ? new Flannel({
          manager: subnets.manager,
          nodeIP: config.nodeIP,
          subnetFile: config.flannel.subnetFile,
          ...(config.mtu ? { nodeMtu: config.mtu } : {}),
          log,
          // As flanneld exits: the agent is restarted (the node's loop), and its flannel asks for subnet.env's subnet again.
          onLeaseRevoked: () => {
            exitCode = exitCodes.failed;
            requestStop('flannel: the lease of this node was revoked');
          },
        })
      : undefined;
    // Started once: by the agent for its pod subnet (flannel over etcd), or when it makes the runtime (kube).
    let flannelNetwork: Promise<FlannelNetwork> | undefined;
    const startFlannel = (f: Flannel) => (flannelNetwork ??= f.start());
    const stopFlannel = async () => {
      await flannel?.stop();
      subnets?.close();
    };
    // kube-proxy in the agent's process, with its own client and identity (system:kube-proxy).
    const kubeProxyClient = config.kubeProxy ? await createApiClient(config.kubeProxy.kubeconfig, { userAgent: `kdrill-kube-proxy/${config.nodeName}` }) : undefined;
    const kubeProxy = config.kubeProxy && kubeProxyClient
      ? new KubeProxy({ client: kubeProxyClient, nodeName: config.nodeName, clusterCIDR: config.kubeProxy.clusterCIDR, servers: defaultProxyServerAddresses, log })
      : undefined;
    const stopKubeProxy = async () => {
      await kubeProxy?.stop();
      kubeProxyClient?.close();
    };
    const agent = new NodeAgent({
      config,
      client,
      images: new OciImageStore(join(config.rootDir, 'images')),
      ...(flannel && subnets?.leasesPodSubnet ? { leasePodSubnet: async () => (await startFlannel(flannel)).subnet } : {}),
      createRuntime: async (podCIDR) =>
        new CrunRuntime({
          rootDir: join(agentConfig.rootDir, 'runtime'),
          podCIDR,
          nodeIP: agentConfig.nodeIP,
          bridge: agentConfig.bridge,
          // With flannel, pods get its MTU (the overlay's with vxlan), as the flannel CNI plugin passes it from subnet.env.
          mtu: flannel ? (await startFlannel(flannel)).mtu : (agentConfig.mtu ?? defaultMtu),
          logRotation: { maxSizeBytes: Number(maxSize / 1_000_000_000n), maxFiles: agentConfig.containerLogMaxFiles },
          crunRoot: '/run/kdrill/crun',
        }),
      log,
    });
    const [cert, key, clientCA] = await Promise.all([readFile(config.serving.certFile, 'utf8'), readFile(config.serving.keyFile, 'utf8'), readFile(config.serving.clientCAFile, 'utf8')]);
    // As the kubelet with --authorization-mode=Webhook: every caller (the API server's kubelet client
    // among them) is checked by a SubjectAccessReview on nodes/proxy, nodes/log and the like.
    const server = new KubeletServer({
      host: '0.0.0.0',
      port: config.serving.port,
      tls: { cert, key, clientCA },
      pods: agent,
      listPods: () => agent.listPods(),
      authorization: { nodeName: config.nodeName, authorize: subjectAccessReviewAuthorizer(client) },
    });
    await server.listen();
    log(`node agent ${config.nodeName}: kubelet API on port ${config.serving.port}`);
    let stopRequested = false;
    const stopped = new Promise<void>((resolve) => {
      const stop = (reason: string) => {
        if (stopRequested) return;
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        stopRequested = true;
        log(`${reason}: stopping`);
        // The pods keep running, as when a kubelet stops; the next start finds them.
        void Promise.all([agent.stop(), server.close(), stopFlannel(), stopKubeProxy()]).then(() => client.close()).then(resolve);
      };
      requestStop = stop;
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    void kubeProxy?.start().catch((err: Error) => log(`kube-proxy: start failed: ${err.message}`));
    try {
      await agent.start();
      log(`node agent ${config.nodeName}: running pods`);
    } catch (err) {
      if (!stopRequested) {
        await Promise.all([agent.stop(), server.close(), stopFlannel(), stopKubeProxy()]);
        client.close();
        throw err;
      }
    }
    await stopped;
    return exitCode;
  },
};
