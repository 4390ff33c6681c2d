// PersistentVolumes: access modes, a storage capacity, a reclaim policy and
// exactly one volume source; the source is fixed once created.
import { goJson } from './bad-value.ts';
import { child, key } from './field-path.ts';
import { isDNS1123Subdomain } from './formats.ts';
import { validateAccessModes, volumeModes } from './persistent-volume-claim-spec.ts';
import { isObj, obj, optStr, semanticEqual, sortedKeys, str, type Obj } from './object-access.ts';
import { formatQuantity, parseQuantity } from './quantity.ts';
import { validateNodeSelector } from './scheduling-constraints.ts';
import { forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';
import { validatePathNoBacksteps } from './volumes.ts';

const sources = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];

function validateSource(name: string, source: Obj, path: string): StatusCause[] {
  switch (name) {
    case 'hostPath':
    case 'local': {
      const p = str(source.path);
      return p ? validatePathNoBacksteps(p, child(path, 'path')) : [required(child(path, 'path'))];
    }
    case 'nfs': {
      const causes: StatusCause[] = [];
      const p = str(source.path);
      if (!str(source.server)) causes.push(required(child(path, 'server')));
      if (!p) causes.push(required(child(path, 'path')));
      if (!p.startsWith('/')) causes.push(invalid(child(path, 'path'), p, 'must be an absolute path'));
      return causes;
    }
    case 'csi': {
      const causes: StatusCause[] = [];
      const driver = str(source.driver);
      if (!driver) causes.push(required(child(path, 'driver')));
      causes.push(...isDNS1123Subdomain(driver.toLowerCase()).map((msg) => invalid(child(path, 'driver'), driver, msg)));
      if (!str(source.volumeHandle)) causes.push(required(child(path, 'volumeHandle')));
      return causes;
    }
    default:
      return [];
  }
}

export function validatePersistentVolumeSpec(specValue: unknown): StatusCause[] {
  const spec = obj(specValue);
  const causes = validateAccessModes(spec.accessModes, child('spec', 'accessModes'), '');
  const capacity = obj(spec.capacity);
  const capPath = child('spec', 'capacity');
  const names = sortedKeys(capacity);
  if (names.length === 0) causes.push(required(capPath));
  if (!names.includes('storage') || names.length > 1) causes.push(notSupported(capPath, capacity, ['storage']));
  for (const name of names) {
    const q = parseQuantity(capacity[name]);
    if (q && q.nanos <= 0n) causes.push(invalid(key(capPath, name), formatQuantity(q), q.nanos < 0n ? 'must be a valid resource quantity' : 'must be greater than zero'));
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim && !reclaimPolicies.includes(reclaim)) causes.push(notSupported(child('spec', 'persistentVolumeReclaimPolicy'), reclaim, reclaimPolicies));
  let nodeAffinity = false;
  if (isObj(spec.nodeAffinity)) {
    nodeAffinity = true;
    const p = child('spec', 'nodeAffinity');
    if (isObj(spec.nodeAffinity.required)) causes.push(...validateNodeSelector(spec.nodeAffinity.required, child(p, 'required')));
    else causes.push(required(child(p, 'required'), 'must specify required node constraints'));
  }
  let count = 0;
  for (const name of sources) {
    if (!isObj(spec[name])) continue;
    const p = child('spec', name);
    if (count > 0 && name !== 'flexVolume') {
      causes.push(forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    causes.push(...validateSource(name, obj(spec[name]), p));
    if (name === 'local' && !nodeAffinity) causes.push(required(child('spec', 'nodeAffinity'), 'Local volume requires node affinity'));
  }
  if (count === 0) causes.push(required('spec', 'must specify a volume type'));
  if (isObj(spec.hostPath) && str(spec.hostPath.path).replace(/\/+$/, '') === '' && reclaim === 'Recycle') {
    causes.push(forbidden(child('spec', 'persistentVolumeReclaimPolicy'), 'may not be \'recycle\' for a hostPath mount of \'/\''));
  }
  const className = str(spec.storageClassName);
  if (className) causes.push(...isDNS1123Subdomain(className).map((msg) => invalid(child('spec', 'storageClassName'), className, msg)));
  const mode = optStr(spec.volumeMode);
  if (mode !== undefined && !volumeModes.includes(mode)) causes.push(notSupported(child('spec', 'volumeMode'), mode, volumeModes));
  return causes;
}

function volumeSource(spec: Obj): Obj {
  return Object.fromEntries(sources.filter((s) => s in spec).map((s) => [s, spec[s]]));
}

export function validatePersistentVolumeUpdate(pv: Obj, old: Obj): StatusCause[] {
  const spec = obj(pv.spec);
  const oldSpec = obj(old.spec);
  const causes: StatusCause[] = [];
  const source = volumeSource(spec);
  const oldSource = volumeSource(oldSpec);
  const csi = obj(source.csi);
  if (isObj(oldSource.csi) && !('controllerExpandSecretRef' in oldSource.csi) && 'controllerExpandSecretRef' in csi) {
    const { controllerExpandSecretRef: _added, ...rest } = csi;
    source.csi = rest;
  }
  if (!semanticEqual(source, oldSource)) {
    causes.push(forbidden(child('spec', 'persistentvolumesource'), `spec.persistentvolumesource is immutable after creation\n- ${goJson(oldSource)}\n+ ${goJson(source)}`));
  }
  if (!semanticEqual(spec.volumeMode, oldSpec.volumeMode)) causes.push(invalid('volumeMode', spec.volumeMode ?? null, 'field is immutable'));
  if (isObj(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
    causes.push(invalid('nodeAffinity', spec.nodeAffinity ?? null, 'field is immutable, except for updating from beta label to GA'));
  }
  return causes;
}

