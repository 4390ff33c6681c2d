// PersistentVolumes, PersistentVolumeClaims, StorageClasses, CSIDrivers,
// CSINodes and VolumeAttachments, as upstream's printers show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn, wide } from './columns.ts';
import { accessModesText, objectName } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: Record<string, string>; accessModes?: string[]; persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string }; storageClassName?: string;
    volumeAttributesClassName?: string; volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
}

function storageClassOf(obj: KubeObject, spec: { storageClassName?: string } | undefined): string {
  return obj.metadata?.annotations?.[betaStorageClassAnnotation] ?? spec?.storageClassName ?? '';
}

const pvSpec = apiType('core.v1', 'PersistentVolumeSpec');
const pvStatus = apiType('core.v1', 'PersistentVolumeStatus');

export const persistentVolumePrinter = printer<PersistentVolume>(
  [
    nameColumn(),
    column('Capacity', 'string', fieldDoc(pvSpec, 'capacity')),
    column('Access Modes', 'string', fieldDoc(pvSpec, 'accessModes')),
    column('Reclaim Policy', 'string', fieldDoc(pvSpec, 'persistentVolumeReclaimPolicy')),
    column('Status', 'string', fieldDoc(pvStatus, 'phase')),
    column('Claim', 'string', fieldDoc(pvSpec, 'claimRef')),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', fieldDoc(pvStatus, 'reason')),
    ageColumn(),
    wide('VolumeMode', 'string', fieldDoc(pvSpec, 'volumeMode')),
  ],
  (pv, now) => {
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
    return [
      objectName(pv),
      pv.spec?.capacity?.storage ?? '0',
      accessModesText(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '',
      claim,
      storageClassOf(pv, pv.spec),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      timeSince(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
);

interface PersistentVolumeClaim extends KubeObject {
  spec?: { volumeName?: string; storageClassName?: string; volumeAttributesClassName?: string; volumeMode?: string };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string> };
}

const pvcSpec = apiType('core.v1', 'PersistentVolumeClaimSpec');
const pvcStatus = apiType('core.v1', 'PersistentVolumeClaimStatus');

export const persistentVolumeClaimPrinter = printer<PersistentVolumeClaim>(
  [
    nameColumn(),
    column('Status', 'string', fieldDoc(pvcStatus, 'phase')),
    column('Volume', 'string', fieldDoc(pvcSpec, 'volumeName')),
    column('Capacity', 'string', fieldDoc(pvcStatus, 'capacity')),
    column('Access Modes', 'string', fieldDoc(pvcStatus, 'accessModes')),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    wide('VolumeMode', 'string', fieldDoc(pvcSpec, 'volumeMode')),
  ],
  (pvc, now) => {
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      objectName(pvc),
      pvc.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '',
      pvc.spec?.volumeName ?? '',
      bound ? pvc.status?.capacity?.storage ?? '0' : '',
      bound ? accessModesText(pvc.status?.accessModes) : '',
      storageClassOf(pvc, pvc.spec),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      timeSince(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
);

interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

const defaultStorageClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const storageClass = apiType('storage.v1', 'StorageClass');

export const storageClassPrinter = printer<StorageClass>(
  [
    nameColumn(),
    column('Provisioner', 'string', fieldDoc(storageClass, 'provisioner')),
    column('ReclaimPolicy', 'string', fieldDoc(storageClass, 'reclaimPolicy')),
    column('VolumeBindingMode', 'string', fieldDoc(storageClass, 'volumeBindingMode')),
    column('AllowVolumeExpansion', 'string', fieldDoc(storageClass, 'allowVolumeExpansion')),
    ageColumn(),
  ],
  (sc, now) => {
    const isDefault = defaultStorageClassAnnotations.some((a) => sc.metadata?.annotations?.[a] === 'true');
    return [
      isDefault ? `${objectName(sc)} (default)` : objectName(sc),
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      timeSince(sc.metadata?.creationTimestamp, now),
    ];
  },
);

interface CSIDriver extends KubeObject {
  spec?: {
    attachRequired?: boolean; podInfoOnMount?: boolean; storageCapacity?: boolean; requiresRepublish?: boolean;
    tokenRequests?: { audience: string }[]; volumeLifecycleModes?: string[];
  };
}

const csiDriverSpec = apiType('storage.v1', 'CSIDriverSpec');

export const csiDriverPrinter = printer<CSIDriver>(
  [
    nameColumn(),
    column('AttachRequired', 'boolean', fieldDoc(csiDriverSpec, 'attachRequired')),
    column('PodInfoOnMount', 'boolean', fieldDoc(csiDriverSpec, 'podInfoOnMount')),
    column('StorageCapacity', 'boolean', fieldDoc(csiDriverSpec, 'storageCapacity')),
    column('TokenRequests', 'string', fieldDoc(csiDriverSpec, 'tokenRequests')),
    column('RequiresRepublish', 'boolean', fieldDoc(csiDriverSpec, 'requiresRepublish')),
    column('Modes', 'string', fieldDoc(csiDriverSpec, 'volumeLifecycleModes')),
    ageColumn(),
  ],
  (d, now) => [
    objectName(d),
    d.spec?.attachRequired ?? true,
    d.spec?.podInfoOnMount ?? false,
    d.spec?.storageCapacity ?? false,
    d.spec?.tokenRequests ? d.spec.tokenRequests.map((t) => t.audience).join(',') : '<unset>',
    d.spec?.requiresRepublish ?? false,
    (d.spec?.volumeLifecycleModes ?? []).join(',') || '<none>',
    timeSince(d.metadata?.creationTimestamp, now),
  ],
);

interface CSINode extends KubeObject {
  spec?: { drivers?: unknown[] };
}

export const csiNodePrinter = printer<CSINode>(
  [nameColumn(), column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn()],
  (n, now) => [objectName(n), (n.spec?.drivers ?? []).length, timeSince(n.metadata?.creationTimestamp, now)],
);

interface VolumeAttachment extends KubeObject {
  spec?: { attacher?: string; nodeName?: string; source?: { persistentVolumeName?: string } };
  status?: { attached?: boolean };
}

const vaSpec = apiType('storage.v1', 'VolumeAttachmentSpec');

export const volumeAttachmentPrinter = printer<VolumeAttachment>(
  [
    nameColumn(),
    column('Attacher', 'string', fieldDoc(vaSpec, 'attacher'), 0, 'name'),
    column('PV', 'string', fieldDoc(apiType('storage.v1', 'VolumeAttachmentSource'), 'persistentVolumeName')),
    column('Node', 'string', fieldDoc(vaSpec, 'nodeName')),
    column('Attached', 'boolean', fieldDoc(apiType('storage.v1', 'VolumeAttachmentStatus'), 'attached')),
    ageColumn(),
  ],
  (va, now) => [
    objectName(va),
    va.spec?.attacher ?? '',
    va.spec?.source?.persistentVolumeName ?? '',
    va.spec?.nodeName ?? '',
    va.status?.attached ?? false,
    timeSince(va.metadata?.creationTimestamp, now),
  ],
);
