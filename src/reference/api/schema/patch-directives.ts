// How lists, maps and structs of the built-in types merge, as Kubernetes
// declares it in the Go struct tags and +listType/+listMapKey/+mapType/
// +structType markers of k8s.io/api and apimachinery. The generated model
// packages we read types from drop these, so they are kept here by hand and
// written into the definitions as x-kubernetes-* extensions. They drive
// strategic merge patch (patch strategy and merge key) and server-side apply
// (list type, map keys, map type); a list without an entry here is atomic for
// apply and replaced by strategic merge patch, which is also Kubernetes'
// default.

export interface FieldDirectives {
  patchStrategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
}

export interface TypeDirectives {
  /** The struct merges as a whole in server-side apply (+structType=atomic). */
  mapType?: 'atomic' | 'granular';
  fields?: Record<string, FieldDirectives>;
}

const atomic: FieldDirectives = { listType: 'atomic' };
const set: FieldDirectives = { listType: 'set' };

/** A list merged by strategic merge patch on `key`, and a map list keyed by `key` (and `more`) for apply. */
function mergeMap(key: string, ...more: string[]): FieldDirectives {
  return { patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: [key, ...more] };
}

/** The conditions list of a status: merged on, and keyed by, type. */
const conditions = mergeMap('type');

const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

const containerFields: Record<string, FieldDirectives> = {
  args: atomic,
  command: atomic,
  env: mergeMap('name'),
  envFrom: atomic,
  ports: { patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] },
  resizePolicy: atomic,
  restartPolicyRules: atomic,
  volumeDevices: mergeMap('devicePath'),
  volumeMounts: mergeMap('mountPath'),
};

const podAffinityFields: Record<string, FieldDirectives> = {
  preferredDuringSchedulingIgnoredDuringExecution: atomic,
  requiredDuringSchedulingIgnoredDuringExecution: atomic,
};

export const patchDirectives: Record<string, TypeDirectives> = {
  // meta/v1
  [`${meta}ObjectMeta`]: {
    fields: {
      finalizers: { patchStrategy: 'merge', listType: 'set' },
      managedFields: atomic,
      ownerReferences: mergeMap('uid'),
    },
  },
  [`${meta}OwnerReference`]: { mapType: 'atomic' },
  [`${meta}LabelSelector`]: { mapType: 'atomic', fields: { matchExpressions: atomic } },
  [`${meta}LabelSelectorRequirement`]: { fields: { values: atomic } },
  [`${meta}StatusDetails`]: { fields: { causes: atomic } },
  [`${meta}DeleteOptions`]: { fields: { dryRun: atomic } },

  // core/v1: pods and what they hold
  [`${core}PodSpec`]: {
    fields: {
      containers: mergeMap('name'),
      ephemeralContainers: mergeMap('name'),
      hostAliases: mergeMap('ip'),
      imagePullSecrets: mergeMap('name'),
      initContainers: mergeMap('name'),
      nodeSelector: { mapType: 'atomic' },
      readinessGates: atomic,
      resourceClaims: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
      schedulingGates: mergeMap('name'),
      tolerations: atomic,
      topologySpreadConstraints: { patchStrategy: 'merge', patchMergeKey: 'topologyKey', listType: 'map', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
      volumes: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    },
  },
  [`${core}PodStatus`]: {
    fields: {
      conditions,
      containerStatuses: atomic,
      ephemeralContainerStatuses: atomic,
      hostIPs: { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
      initContainerStatuses: atomic,
      podIPs: mergeMap('ip'),
      resourceClaimStatuses: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    },
  },
  [`${core}Container`]: { fields: containerFields },
  [`${core}EphemeralContainer`]: { fields: containerFields },
  [`${core}ContainerStatus`]: {
    fields: {
      allocatedResourcesStatus: mergeMap('name'),
      volumeMounts: mergeMap('mountPath'),
    },
  },
  [`${core}ResourceStatus`]: { fields: { resources: { listType: 'map', listMapKeys: ['resourceID'] } } },
  [`${core}ResourceRequirements`]: { fields: { claims: { listType: 'map', listMapKeys: ['name'] } } },
  [`${core}PodSecurityContext`]: { fields: { supplementalGroups: atomic, sysctls: atomic } },
  [`${core}Capabilities`]: { fields: { add: atomic, drop: atomic } },
  [`${core}PodDNSConfig`]: { fields: { nameservers: atomic, options: atomic, searches: atomic } },
  [`${core}HostAlias`]: { fields: { hostnames: atomic } },
  [`${core}ExecAction`]: { fields: { command: atomic } },
  [`${core}HTTPGetAction`]: { fields: { httpHeaders: atomic } },
  [`${core}TopologySpreadConstraint`]: { fields: { matchLabelKeys: atomic } },
  [`${core}NodeAffinity`]: { fields: { preferredDuringSchedulingIgnoredDuringExecution: atomic } },
  [`${core}PodAffinity`]: { fields: podAffinityFields },
  [`${core}PodAntiAffinity`]: { fields: podAffinityFields },
  [`${core}PodAffinityTerm`]: { fields: { matchLabelKeys: atomic, mismatchLabelKeys: atomic, namespaces: atomic } },
  [`${core}NodeSelector`]: { mapType: 'atomic', fields: { nodeSelectorTerms: atomic } },
  [`${core}NodeSelectorTerm`]: { mapType: 'atomic', fields: { matchExpressions: atomic, matchFields: atomic } },
  [`${core}NodeSelectorRequirement`]: { fields: { values: atomic } },
  [`${core}TopologySelectorTerm`]: { mapType: 'atomic', fields: { matchLabelExpressions: atomic } },
  [`${core}TopologySelectorLabelRequirement`]: { fields: { values: atomic } },

  // core/v1: references and selectors that are replaced as a whole
  [`${core}ObjectReference`]: { mapType: 'atomic' },
  [`${core}LocalObjectReference`]: { mapType: 'atomic' },
  [`${core}TypedLocalObjectReference`]: { mapType: 'atomic' },
  [`${core}SecretReference`]: { mapType: 'atomic' },
  [`${core}ConfigMapKeySelector`]: { mapType: 'atomic' },
  [`${core}SecretKeySelector`]: { mapType: 'atomic' },
  [`${core}ObjectFieldSelector`]: { mapType: 'atomic' },
  [`${core}ResourceFieldSelector`]: { mapType: 'atomic' },

  // core/v1: volumes
  [`${core}ConfigMapVolumeSource`]: { fields: { items: atomic } },
  [`${core}SecretVolumeSource`]: { fields: { items: atomic } },
  [`${core}DownwardAPIVolumeSource`]: { fields: { items: atomic } },
  [`${core}ProjectedVolumeSource`]: { fields: { sources: atomic } },
  [`${core}ConfigMapProjection`]: { fields: { items: atomic } },
  [`${core}SecretProjection`]: { fields: { items: atomic } },
  [`${core}DownwardAPIProjection`]: { fields: { items: atomic } },
  [`${core}CephFSVolumeSource`]: { fields: { monitors: atomic } },
  [`${core}CephFSPersistentVolumeSource`]: { fields: { monitors: atomic } },
  [`${core}RBDVolumeSource`]: { fields: { monitors: atomic } },
  [`${core}RBDPersistentVolumeSource`]: { fields: { monitors: atomic } },
  [`${core}ISCSIVolumeSource`]: { fields: { portals: atomic } },
  [`${core}ISCSIPersistentVolumeSource`]: { fields: { portals: atomic } },
  [`${core}FCVolumeSource`]: { fields: { targetWWNs: atomic, wwids: atomic } },
  [`${core}PersistentVolumeSpec`]: {
    fields: { accessModes: atomic, claimRef: { mapType: 'granular' }, mountOptions: atomic },
  },
  [`${core}PersistentVolumeClaimSpec`]: { fields: { accessModes: atomic } },
  [`${core}PersistentVolumeClaimStatus`]: {
    fields: { accessModes: atomic, allocatedResourceStatuses: { mapType: 'granular' }, conditions },
  },

  // core/v1: services and endpoints
  [`${core}ServiceSpec`]: {
    fields: {
      clusterIPs: atomic,
      externalIPs: atomic,
      ipFamilies: atomic,
      loadBalancerSourceRanges: atomic,
      ports: { patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] },
      selector: { mapType: 'atomic' },
    },
  },
  [`${core}ServiceStatus`]: { fields: { conditions } },
  [`${core}LoadBalancerStatus`]: { fields: { ingress: atomic } },
  [`${core}LoadBalancerIngress`]: { fields: { ports: atomic } },
  [`${core}Endpoints`]: { fields: { subsets: atomic } },
  [`${core}EndpointSubset`]: { fields: { addresses: atomic, notReadyAddresses: atomic, ports: atomic } },
  [`${core}EndpointAddress`]: { mapType: 'atomic' },
  [`${core}EndpointPort`]: { mapType: 'atomic' },

  // core/v1: cluster objects
  [`${core}NamespaceSpec`]: { fields: { finalizers: atomic } },
  [`${core}NamespaceStatus`]: { fields: { conditions } },
  [`${core}NodeSpec`]: { fields: { podCIDRs: { patchStrategy: 'merge', listType: 'set' }, taints: atomic } },
  [`${core}NodeStatus`]: {
    fields: {
      addresses: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' },
      conditions,
      images: atomic,
      runtimeHandlers: atomic,
      volumesAttached: atomic,
      volumesInUse: atomic,
    },
  },
  [`${core}ContainerImage`]: { fields: { names: atomic } },
  [`${core}ServiceAccount`]: { fields: { imagePullSecrets: atomic, secrets: mergeMap('name') } },
  [`${core}ReplicationControllerStatus`]: { fields: { conditions } },
  [`${core}ResourceQuotaSpec`]: { fields: { scopes: atomic } },
  [`${core}ScopeSelector`]: { fields: { matchExpressions: atomic } },
  [`${core}ScopedResourceSelectorRequirement`]: { fields: { values: atomic } },
  [`${core}LimitRangeSpec`]: { fields: { limits: atomic } },

  // apps/v1
  'io.k8s.api.apps.v1.DeploymentSpec': { fields: { strategy: { patchStrategy: 'retainKeys' } } },
  'io.k8s.api.apps.v1.DeploymentStatus': { fields: { conditions } },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { fields: { conditions } },
  'io.k8s.api.apps.v1.DaemonSetStatus': { fields: { conditions } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { fields: { volumeClaimTemplates: atomic } },
  'io.k8s.api.apps.v1.StatefulSetStatus': { fields: { conditions } },

  // batch/v1
  'io.k8s.api.batch.v1.JobStatus': { fields: { conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' } } },
  'io.k8s.api.batch.v1.PodFailurePolicy': { fields: { rules: atomic } },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { fields: { onPodConditions: atomic } },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { fields: { values: set } },
  'io.k8s.api.batch.v1.SuccessPolicy': { fields: { rules: atomic } },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { fields: { failed: set, succeeded: set } },
  'io.k8s.api.batch.v1.CronJobStatus': { fields: { active: atomic } },

  // discovery.k8s.io/v1
  'io.k8s.api.discovery.v1.EndpointSlice': { fields: { endpoints: atomic, ports: atomic } },
  'io.k8s.api.discovery.v1.Endpoint': { fields: { addresses: set } },
  'io.k8s.api.discovery.v1.EndpointHints': { fields: { forNodes: atomic, forZones: atomic } },
  'io.k8s.api.discovery.v1.EndpointPort': { mapType: 'atomic' },

  // networking.k8s.io/v1
  'io.k8s.api.networking.v1.IngressSpec': { fields: { rules: atomic, tls: atomic } },
  'io.k8s.api.networking.v1.IngressTLS': { fields: { hosts: atomic } },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { fields: { paths: atomic } },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { fields: { ingress: atomic } },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { fields: { ports: atomic } },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { fields: { egress: atomic, ingress: atomic, policyTypes: atomic } },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { fields: { from: atomic, ports: atomic } },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { fields: { ports: atomic, to: atomic } },

  // storage.k8s.io/v1
  'io.k8s.api.storage.v1.StorageClass': { fields: { allowedTopologies: atomic, mountOptions: atomic } },

  // policy/v1
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { fields: { conditions } },

  // autoscaling/v2
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { fields: { metrics: atomic } },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { fields: { conditions, currentMetrics: atomic } },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { fields: { policies: atomic } },
};
