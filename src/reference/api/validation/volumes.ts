// Pod volumes: unique DNS-label names, exactly one source each, and the
// fields the common sources need (paths that stay inside the volume, file
// modes, referenced objects).
import { child, index } from './field-path.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './formats.ts';
import { validatePersistentVolumeClaimSpec } from './persistent-volume-claim-spec.ts';
import { validateTemplateLabelsAndAnnotations } from './object-meta.ts';
import { arr, isObj, num, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { parseQuantity } from './quantity.ts';
import { duplicate, forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

/**
 * The volume sources in the order upstream checks them, with the field name it
 * uses when a second source is found, the one its own errors use, and the
 * fields that must be set.
 */
const sources: { name: string; forbiddenAs?: string; errorsAs?: string; requires?: string[] }[] = [
  { name: 'emptyDir' },
  { name: 'hostPath' },
  { name: 'gitRepo', requires: ['repository'] },
  { name: 'gcePersistentDisk', errorsAs: 'persistentDisk', requires: ['pdName'] },
  { name: 'awsElasticBlockStore', requires: ['volumeID'] },
  { name: 'secret' },
  { name: 'nfs' },
  { name: 'iscsi', requires: ['targetPortal', 'iqn'] },
  { name: 'glusterfs', requires: ['endpoints', 'path'] },
  { name: 'flocker' },
  { name: 'persistentVolumeClaim', requires: ['claimName'] },
  { name: 'rbd', requires: ['monitors', 'image'] },
  { name: 'cinder', requires: ['volumeID'] },
  { name: 'cephfs', forbiddenAs: 'cephFS', requires: ['monitors'] },
  { name: 'quobyte', requires: ['registry', 'volume'] },
  { name: 'downwardAPI', forbiddenAs: 'downwarAPI' },
  { name: 'fc' },
  { name: 'flexVolume', requires: ['driver'] },
  { name: 'configMap' },
  { name: 'azureFile', requires: ['secretName', 'shareName'] },
  { name: 'vsphereVolume', requires: ['volumePath'] },
  { name: 'photonPersistentDisk', requires: ['pdID'] },
  { name: 'portworxVolume', requires: ['volumeID'] },
  { name: 'azureDisk', requires: ['diskName', 'diskURI'] },
  { name: 'storageos', requires: ['volumeName'] },
  { name: 'projected' },
  { name: 'scaleIO', requires: ['gateway', 'system', 'volumeName'] },
  { name: 'csi' },
  { name: 'ephemeral' },
  { name: 'image' },
];

const fileModeError = 'must be a number between 0 and 0777 (octal), both inclusive';
const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const volumeFieldPaths = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const containerResourcePaths = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function hasSegment(path: string, segment: string): boolean {
  return path.replace(/\\/g, '/').split('/').includes(segment);
}

/** A path that must not climb out of its directory ('..' segments). */
export function validatePathNoBacksteps(path: string, field: string): StatusCause[] {
  return hasSegment(path, '..') ? [invalid(field, path, 'must not contain \'..\'')] : [];
}

export function validateLocalDescendingPath(path: string, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (path.startsWith('/')) causes.push(invalid(field, path, 'must be a relative path'));
  causes.push(...validatePathNoBacksteps(path, field));
  return causes;
}

function validateLocalNonReservedPath(path: string, field: string): StatusCause[] {
  const causes = validateLocalDescendingPath(path, field);
  if (path.startsWith('..') && !path.startsWith('../')) causes.push(invalid(field, path, 'must not start with \'..\''));
  return causes;
}

function validateMode(mode: unknown, field: string): StatusCause[] {
  const m = optNum(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [invalid(field, m, fileModeError)] : [];
}

function validateKeyToPaths(items: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(items).forEach((item, i) => {
    const p = index(path, i);
    if (!str(item.key)) causes.push(required(child(p, 'key')));
    if (!str(item.path)) causes.push(required(child(p, 'path')));
    causes.push(...validateLocalNonReservedPath(str(item.path), child(p, 'path')));
    causes.push(...validateMode(item.mode, child(p, 'mode')));
  });
  return causes;
}

/** fieldRef in a downward API file or env var: apiVersion, and a supported path (labels/annotations may be subscripted). */
export function validateObjectFieldSelector(ref: Obj, supported: readonly string[], path: string): StatusCause[] {
  if (!str(ref.apiVersion)) return [required(child(path, 'apiVersion'))];
  const fieldPath = str(ref.fieldPath);
  if (!fieldPath) return [required(child(path, 'fieldPath'))];
  const subscripted = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath) ?? /^([^[]+)\[.*\]$/.exec(fieldPath);
  if (subscripted) {
    const [, base = '', sub = ''] = subscripted;
    if (base === 'metadata.annotations') return isQualifiedName(sub.toLowerCase()).map((msg) => invalid(path, sub.toLowerCase(), msg));
    if (base === 'metadata.labels') return isQualifiedName(sub).map((msg) => invalid(path, sub, msg));
    return [invalid(path, base, 'does not support subscript')];
  }
  return supported.includes(fieldPath) ? [] : [notSupported(child(path, 'fieldPath'), fieldPath, supported)];
}

/** resourceFieldRef in a downward API file (volume: true) or env var. */
export function validateResourceFieldSelector(ref: Obj, volume: boolean, path: string): StatusCause[] {
  const resource = str(ref.resource);
  if (volume && !str(ref.containerName)) return [required(child(path, 'containerName'))];
  if (!resource) return [required(child(path, 'resource'))];
  const hugePages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  return containerResourcePaths.includes(resource) || hugePages ? [] : [notSupported(child(path, 'resource'), resource, containerResourcePaths)];
}

function validateDownwardAPIFile(file: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!str(file.path)) causes.push(required(child(path, 'path')));
  causes.push(...validateLocalNonReservedPath(str(file.path), child(path, 'path')));
  if (isObj(file.fieldRef)) {
    causes.push(...validateObjectFieldSelector(file.fieldRef, volumeFieldPaths, child(path, 'fieldRef')));
    if (isObj(file.resourceFieldRef)) causes.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(file.resourceFieldRef)) {
    causes.push(...validateResourceFieldSelector(file.resourceFieldRef, true, child(path, 'resourceFieldRef')));
  } else {
    causes.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  causes.push(...validateMode(file.mode, child(path, 'mode')));
  return causes;
}

function validateProjected(projected: Obj, path: string): StatusCause[] {
  const causes = validateMode(projected.defaultMode, child(path, 'defaultMode'));
  const paths = new Set<string>();
  const claimPath = (p: string, owner: unknown) => {
    if (!p) return;
    if (paths.has(p)) causes.push(invalid(path, owner, 'conflicting duplicate paths'));
    paths.add(p);
  };
  objs(projected.sources).forEach((source, i) => {
    const srcPath = index(child(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isObj(source[kind])) continue;
      count++;
      const s = source[kind];
      const p = child(srcPath, kind);
      if (!str(s.name)) causes.push(required(child(p, 'name')));
      causes.push(...validateKeyToPaths(s.items, child(p, 'items')));
      for (const item of objs(s.items)) claimPath(str(item.path), str(s.name));
    }
    if (isObj(source.downwardAPI)) {
      count++;
      for (const file of objs(source.downwardAPI.items)) {
        causes.push(...validateDownwardAPIFile(file, child(srcPath, 'downwardAPI')));
        claimPath(str(file.path), str(file.path));
      }
    }
    if (isObj(source.serviceAccountToken)) {
      count++;
      const token = source.serviceAccountToken;
      const p = child(srcPath, 'serviceAccountToken');
      const expiration = num(token.expirationSeconds);
      if (expiration < 600) causes.push(invalid(child(p, 'expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes'));
      if (expiration > 2 ** 32) causes.push(invalid(child(p, 'expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(token.path)) causes.push(required(child(path, 'path')));
      else causes.push(...validateLocalNonReservedPath(str(token.path), child(path, 'path')));
    }
    if (isObj(source.clusterTrustBundle)) {
      count++;
      const bundle = source.clusterTrustBundle;
      const p = child(srcPath, 'clusterTrustBundle');
      if (!str(bundle.path)) causes.push(required(child(p, 'path')));
      causes.push(...validateLocalNonReservedPath(str(bundle.path), child(p, 'path')));
      claimPath(str(bundle.path), str(bundle.path));
    }
    if (count > 1) causes.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return causes;
}

function validateSource(name: string, source: Obj, path: string, volumePath: string, volumeName: string, podName: string | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  switch (name) {
    case 'emptyDir': {
      const size = parseQuantity(source.sizeLimit);
      if (size && size.nanos < 0n) causes.push(forbidden(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'hostPath': {
      const hostPath = str(source.path);
      if (!hostPath) return [required(child(path, 'path'))];
      causes.push(...validatePathNoBacksteps(hostPath, child(path, 'path')));
      const type = source.type;
      if (typeof type === 'string' && !hostPathTypes.includes(type)) causes.push(notSupported(child(path, 'type'), type, hostPathTypes));
      break;
    }
    case 'secret':
      if (!str(source.secretName)) causes.push(required(child(path, 'secretName')));
      causes.push(...validateMode(source.defaultMode, child(path, 'defaultMode')));
      causes.push(...validateKeyToPaths(source.items, child(path, 'items')));
      break;
    case 'configMap':
      if (!str(source.name)) causes.push(required(child(path, 'name')));
      causes.push(...validateMode(source.defaultMode, child(path, 'defaultMode')));
      causes.push(...validateKeyToPaths(source.items, child(path, 'items')));
      break;
    case 'nfs': {
      const nfsPath = str(source.path);
      if (!str(source.server)) causes.push(required(child(path, 'server')));
      if (!nfsPath) causes.push(required(child(path, 'path')));
      if (!nfsPath.startsWith('/')) causes.push(invalid(child(path, 'path'), nfsPath, 'must be an absolute path'));
      break;
    }
    case 'downwardAPI':
      causes.push(...validateMode(source.defaultMode, child(path, 'defaultMode')));
      for (const file of objs(source.items)) causes.push(...validateDownwardAPIFile(file, path));
      break;
    case 'projected':
      causes.push(...validateProjected(source, path));
      break;
    case 'csi': {
      const driver = str(source.driver);
      if (!driver) causes.push(required(child(path, 'driver')));
      causes.push(...isDNS1123Subdomain(driver.toLowerCase()).map((msg) => invalid(child(path, 'driver'), driver, msg)));
      break;
    }
    case 'ephemeral':
      if (!isObj(source.volumeClaimTemplate)) {
        causes.push(required(child(path, 'volumeClaimTemplate')));
      } else {
        const template = source.volumeClaimTemplate;
        const p = child(path, 'volumeClaimTemplate');
        causes.push(...validateTemplateLabelsAndAnnotations(template.metadata, child(p, 'metadata', 'labels'), child(p, 'metadata', 'annotations')));
        causes.push(...validatePersistentVolumeClaimSpec(template.spec, child(p, 'spec')));
        if (podName && volumeName) {
          const pvcName = `${podName}-${volumeName}`;
          causes.push(...isDNS1123Subdomain(pvcName).map((msg) => invalid(child(volumePath, 'name'), volumeName, `PVC name "${pvcName}": ${msg}`)));
        }
      }
      break;
    default:
      for (const field of sources.find((s) => s.name === name)?.requires ?? []) {
        const value = source[field];
        if (typeof value === 'string' ? !value : arr(value).length === 0) causes.push(required(child(path, field)));
      }
  }
  return causes;
}

/** The volumes of a pod spec; returns the causes and the names that are valid (for volumeMounts to refer to). */
export function validateVolumes(volumes: unknown, path: string, podName: string | undefined): { causes: StatusCause[]; names: Map<string, Obj> } {
  const causes: StatusCause[] = [];
  const names = new Map<string, Obj>();
  objs(volumes).forEach((volume, i) => {
    const idxPath = index(path, i);
    const name = str(volume.name);
    const own: StatusCause[] = [];
    let count = 0;
    for (const source of sources) {
      if (!isObj(volume[source.name])) continue;
      if (count > 0) {
        own.push(forbidden(child(idxPath, source.forbiddenAs ?? source.name), 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      own.push(...validateSource(source.name, obj(volume[source.name]), child(idxPath, source.errorsAs ?? source.name), idxPath, name, podName));
    }
    if (count === 0) own.push(required(idxPath, 'must specify a volume type'));
    if (!name) own.push(required(child(idxPath, 'name')));
    else own.push(...isDNS1123Label(name).map((msg) => invalid(child(idxPath, 'name'), name, msg)));
    if (names.has(name)) own.push(duplicate(child(idxPath, 'name'), name));
    if (own.length === 0) names.set(name, volume);
    causes.push(...own);
  });
  return { causes, names };
}
