// storage.k8s.io/v1 VolumeAttachments (ValidateVolumeAttachment): an
// attacher (a CSI driver name), a node, and exactly one of a persistent
// volume name and an inline volume spec; the spec never changes.
import { child } from './field-path.ts';
import { validateCSIDriverName } from './csi-driver-name.ts';
import { isObj, obj, semanticEqual, str, type Obj } from './object-access.ts';
import { invalid, required, type StatusCause } from './status-cause.ts';

export function validateVolumeAttachment(attachment: Obj): StatusCause[] {
  const spec = obj(attachment.spec);
  const p = (f: string) => child('spec', f);
  const causes = validateCSIDriverName(str(spec.attacher), p('attacher'));
  if (!str(spec.nodeName)) causes.push(required(p('nodeName')));
  const source = obj(spec.source);
  const hasName = typeof source.persistentVolumeName === 'string';
  const hasInline = isObj(source.inlineVolumeSpec);
  if (hasName === hasInline) causes.push(invalid(p('source'), source, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasName && !str(source.persistentVolumeName)) causes.push(required(child('spec', 'source', 'persistentVolumeName'), 'must specify non empty persistentVolumeName'));
  return causes;
}

export function validateVolumeAttachmentUpdate(attachment: Obj, old: Obj): StatusCause[] {
  const fixed = semanticEqual(attachment.spec, old.spec) ? [] : [invalid('spec', attachment.spec, 'field is immutable')];
  return [...validateVolumeAttachment(attachment), ...fixed];
}
