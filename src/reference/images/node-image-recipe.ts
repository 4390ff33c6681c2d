// What the node image is made of. Everything here feeds the image's inputs
// hash (node-image-inputs.ts): change any of it, or bump recipeVersion when
// the build steps change, and the next `kdrill image build` makes a new image.

/** Bumped whenever build-node-image.ts or workload-images.ts change what they produce. */
export const recipeVersion = 2;

export const debianSuite = 'bookworm';
export const debianMirror = 'http://deb.debian.org/debian';

/** Installed on top of debootstrap's minbase: what the node agent and the OCI runtime need. */
export const nodePackages = [
  'busybox-static', // the busybox and probe workload images are made from its binary
  'ca-certificates',
  'conntrack',
  'crun',
  'etcd-client', // etcdctl, to look at the store and flannel's leases as one would on a real control plane
  'etcd-server', // the control plane's store when the cluster file says store: etcd
  'iproute2',
  'iperf3', // copied into the probe image for the throughput benchmarks
  'iptables',
  'kmod',
  'libstdc++6', // the Node binary links against it
  'procps',
  'tar',
  'tini', // PID 1: forwards signals to the agent and reaps the orphans pods leave
  'util-linux', // nsenter, mount
];

export const nodeImageRepository = 'kdrill/node';
export const inputsHashLabel = 'kdrill.dev/inputs-hash';

/** Paths inside the node. */
export const nodePaths = {
  node: '/usr/local/bin/node',
  entrypoint: '/usr/local/bin/kdrill-node-entrypoint',
  /** kdrill's package root, bind-mounted read-only. */
  kdrill: '/opt/kdrill',
  configDir: '/etc/kdrill',
  agentConfig: '/etc/kdrill/node-agent.json',
  /** Written by the provider once the node's files are in place; the entrypoint waits for it. */
  startMarker: '/etc/kdrill/start',
  rootDir: '/var/lib/kdrill',
  imageStore: '/var/lib/kdrill/images',
  podLogDir: '/var/log/pods',
} as const;

// The provider learns a node's address only once its container runs, and the
// node's certificate and agent configuration depend on it: so the container
// starts by waiting for them.
export const entrypointScript = `#!/bin/sh
# kdrill node entrypoint: waits until the provider has written this node's
# configuration (${nodePaths.startMarker}), then runs the command.
while [ ! -e ${nodePaths.startMarker} ]; do sleep 0.1; done
exec "$@"
`;

// -g: a stop signal reaches every process of the command's group (the control-plane node runs two).
export const nodeImageEntrypoint = ['/usr/bin/tini', '-g', '--', nodePaths.entrypoint];
export const nodeAgentCommand = [nodePaths.node, `${nodePaths.kdrill}/bin/kdrill.js`, 'node-agent', '--config', nodePaths.agentConfig];

/** The agent, restarted a second after it ends, as kind's systemd unit restarts the kubelet: its pods live on meanwhile. */
export const nodeAgentLoop = `while :; do ${nodeAgentCommand.join(' ')}; echo "kdrill node agent exited with $?; restarting it in 1s" >&2; sleep 1; done`;

export const nodeImageCommand = ['/bin/bash', '-c', nodeAgentLoop];
