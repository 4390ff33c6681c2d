// The cluster DNS add-on as kubeadm installs CoreDNS, with kdrill's DNS server
// in the container: ServiceAccount coredns, ClusterRole and binding
// system:coredns, Deployment coredns (k8s-app=kube-dns) and Service kube-dns at
// the service range's tenth address, ports "dns" 53/UDP and "dns-tcp" 53/TCP.
//
// No image carries the server: the container runs the busybox image every node
// holds, with the node's own Node binary and C libraries and kdrill's code (at
// /opt/kdrill on every node) mounted from the node by hostPath, so that a change
// to kdrill needs no image rebuild, only a pod restart.
import type { KubeObject } from '../api/object.ts';
import { serviceAccountDir } from './service-account-kubeconfig.ts';

export interface ClusterDnsOptions {
  /** The kube-dns Service's cluster IP (10.96.0.10 for the default service range). */
  clusterIP: string;
  /** The API server as the pod reaches it (default: KUBERNETES_SERVICE_HOST, the kubernetes Service). */
  apiServer?: string;
  /** Node labels the pod must run on (default: any node). */
  nodeSelector?: Record<string, string>;
  replicas?: number;
  /** Forward names outside the cluster domain here (default none: REFUSED). */
  upstreams?: string[];
}

export const clusterDnsNamespace = 'kube-system';
export const clusterDnsDeploymentName = 'coredns';
export const clusterDnsServiceName = 'kube-dns';
const appLabels = { 'k8s-app': 'kube-dns' };
const nodePaths = { node: '/usr/local/bin/node', libraries: '/usr/lib/x86_64-linux-gnu', loader: '/usr/lib64', kdrill: '/opt/kdrill' };
const hostPath = (name: string, path: string, type: string) => ({ name, hostPath: { path, type } });

/** What a busybox container needs to run kdrill's code with the node's Node binary: volumes, their mounts, and the library path. */
export const nodeRuntime = {
  command: [nodePaths.node, `${nodePaths.kdrill}/bin/kdrill.js`],
  env: [{ name: 'LD_LIBRARY_PATH', value: '/lib/x86_64-linux-gnu' }],
  volumes: [
    hostPath('node-binary', nodePaths.node, 'File'),
    hostPath('libraries', nodePaths.libraries, 'Directory'),
    hostPath('loader', nodePaths.loader, 'Directory'),
    hostPath('kdrill', nodePaths.kdrill, 'Directory'),
  ],
  volumeMounts: [
    { name: 'node-binary', mountPath: nodePaths.node, readOnly: true },
    { name: 'libraries', mountPath: '/lib/x86_64-linux-gnu', readOnly: true },
    { name: 'loader', mountPath: '/lib64', readOnly: true },
    { name: 'kdrill', mountPath: nodePaths.kdrill, readOnly: true },
  ],
};

function deployment(options: ClusterDnsOptions): KubeObject {
  const args = [
    'dns-server',
    ...(options.apiServer ? ['--api-server', options.apiServer] : []),
    ...(options.upstreams ?? []).flatMap((u) => ['--upstream', u]),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: clusterDnsDeploymentName, namespace: clusterDnsNamespace, labels: appLabels },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: appLabels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: appLabels },
        spec: {
          serviceAccountName: 'coredns',
          // DNS is what the pods' resolv.conf names: it must not resolve through itself.
          dnsPolicy: 'Default',
          ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          containers: [{
            name: 'coredns',
            image: 'busybox:latest',
            imagePullPolicy: 'IfNotPresent',
            command: nodeRuntime.command,
            args,
            env: nodeRuntime.env,
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            ],
            livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, timeoutSeconds: 5, failureThreshold: 5 },
            readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 1 },
            volumeMounts: [...nodeRuntime.volumeMounts, { name: 'kube-api-access', mountPath: serviceAccountDir, readOnly: true }],
          }],
          volumes: [
            ...nodeRuntime.volumes,
            // What the ServiceAccount admission plugin adds to a pod (this API server has no such plugin).
            {
              name: 'kube-api-access',
              projected: {
                defaultMode: 0o644,
                sources: [
                  { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
                  { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                  { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
                ],
              },
            },
          ],
        },
      },
    },
  };
}

/** The objects to create, in order. */
export function clusterDnsManifests(options: ClusterDnsOptions): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: clusterDnsNamespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: clusterDnsNamespace }],
    },
    deployment(options),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: clusterDnsServiceName, namespace: clusterDnsNamespace, labels: { ...appLabels, 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        selector: appLabels,
        clusterIP: options.clusterIP,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
  ];
}

/** The API collection path each manifest is created under. */
export function collectionPath(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const plural = `${obj.kind!.toLowerCase()}s`;
  const prefix = obj.apiVersion === 'v1' ? '/api/v1' : `/apis/${obj.apiVersion}`;
  return ns ? `${prefix}/namespaces/${ns}/${plural}` : `${prefix}/${plural}`;
}
