// apiextensions-apiserver's ValidateCustomResourceDefinition (and its update
// rules), for what this server implements: the name, the group, names,
// scope, versions (exactly one storage version), structural schemas,
// subresources, printer columns and conversion.
import type { StatusCause } from '../status.ts';
import { isDNS1035Label, isDNS1123Subdomain } from '../validation/formats.ts';
import { invalid, notSupported, required } from '../validation/status-cause.ts';
import { isEstablished, type CrdNames, type CrdVersion, type CustomResourceDefinition } from './crd-object.ts';
import { structuralSchemaErrors } from './structural-schema.ts';

const columnTypes = ['integer', 'number', 'string', 'boolean', 'date'];

/** ValidateCustomResourceDefinitionNames, after the spec's own "required" checks of the four names. */
function validateNames(names: Partial<CrdNames> | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const n = names ?? {};
  for (const field of ['plural', 'singular', 'kind', 'listKind'] as const) if (!n[field]) out.push(required(`${path}.${field}`));
  const label = (field: string, value: string | undefined, prefix = '') => {
    if (!value) return;
    const errs = isDNS1035Label(prefix ? value.toLowerCase() : value);
    if (errs.length) out.push(invalid(`${path}.${field}`, value, prefix + errs.join(',')));
  };
  const mixedCase = 'may have mixed case, but should otherwise match: ';
  label('plural', n.plural);
  label('singular', n.singular);
  label('kind', n.kind, mixedCase);
  label('listKind', n.listKind, mixedCase);
  (n.shortNames ?? []).forEach((s, i) => label(`shortNames[${i}]`, s));
  if (n.kind && n.listKind === n.kind) out.push(invalid(`${path}.listKind`, n.listKind, 'kind and listKind may not be the same'));
  (n.categories ?? []).forEach((c, i) => label(`categories[${i}]`, c));
  return out;
}

function underPath(path: string, root: '.spec' | '.status'): boolean {
  return path === root || path.startsWith(`${root}.`);
}

function validateVersion(v: CrdVersion, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!v.name) out.push(required(`${path}.name`));
  else {
    const errs = isDNS1035Label(v.name);
    if (errs.length) out.push(invalid(`${path}.name`, v.name, errs.join(',')));
  }
  const schema = v.schema?.openAPIV3Schema;
  if (!schema) out.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  else out.push(...structuralSchemaErrors(schema, `${path}.schema.openAPIV3Schema`));
  const scale = v.subresources?.scale;
  if (scale) {
    const sp = `${path}.subresources.scale`;
    if (!scale.specReplicasPath) out.push(required(`${sp}.specReplicasPath`));
    else if (!underPath(scale.specReplicasPath, '.spec')) out.push(invalid(`${sp}.specReplicasPath`, scale.specReplicasPath, 'should be a json path under .spec'));
    if (!scale.statusReplicasPath) out.push(required(`${sp}.statusReplicasPath`));
    else if (!underPath(scale.statusReplicasPath, '.status')) out.push(invalid(`${sp}.statusReplicasPath`, scale.statusReplicasPath, 'should be a json path under .status'));
    if (scale.labelSelectorPath && !underPath(scale.labelSelectorPath, '.spec') && !underPath(scale.labelSelectorPath, '.status')) {
      out.push(invalid(`${sp}.labelSelectorPath`, scale.labelSelectorPath, 'should be a json path under either .spec or .status'));
    }
  }
  (v.additionalPrinterColumns ?? []).forEach((c, i) => {
    const cp = `${path}.additionalPrinterColumns[${i}]`;
    if (!c.name) out.push(required(`${cp}.name`));
    if (!c.type) out.push(required(`${cp}.type`));
    else if (!columnTypes.includes(c.type)) out.push(notSupported(`${cp}.type`, c.type, columnTypes));
    if (!c.jsonPath) out.push(required(`${cp}.jsonPath`));
    if (c.priority !== undefined && c.priority < 0) out.push(invalid(`${cp}.priority`, c.priority, 'must be greater than or equal to 0'));
  });
  return out;
}

/** ValidateCustomResourceDefinitionStoredVersions: the storage version is among them, and each is a version of the spec. */
function validateStoredVersions(stored: string[], versions: CrdVersion[]): StatusCause[] {
  if (stored.length === 0) return [invalid('status.storedVersions', stored, 'must have at least one stored version')];
  const out: StatusCause[] = [];
  for (const v of versions) if (v.storage && !stored.includes(v.name)) out.push(invalid('status.storedVersions', v, `must have the storage version ${v.name}`));
  stored.forEach((v, i) => {
    if (!versions.some((x) => x.name === v)) out.push(invalid(`status.storedVersions[${i}]`, v, 'must appear in spec.versions'));
  });
  return out;
}

/** Webhook conversion is refused: this server converts between versions by apiVersion alone (strategy None). */
function validateConversion(conversion: CustomResourceDefinition['spec']['conversion']): StatusCause[] {
  const strategy = conversion?.strategy;
  if (!strategy) return [required('spec.conversion.strategy')];
  if (strategy !== 'None' && strategy !== 'Webhook') return [notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook'])];
  return strategy === 'Webhook' ? [notSupported('spec.conversion.strategy', strategy, ['None'])] : [];
}

export function validateCrd(crd: CustomResourceDefinition, old?: CustomResourceDefinition): StatusCause[] {
  const out: StatusCause[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const name = crd.metadata?.name ?? '';
  if (name && name !== `${spec.names?.plural ?? ''}.${spec.group ?? ''}`) out.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!spec.group) out.push(required('spec.group'));
  else {
    const errs = isDNS1123Subdomain(spec.group);
    if (errs.length) out.push(invalid('spec.group', spec.group, errs.join(',')));
    else if (spec.group.split('.').length < 2) out.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) out.push(required('spec.scope'));
  else if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') out.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions = spec.versions ?? [];
  versions.forEach((v, i) => out.push(...validateVersion(v, `spec.versions[${i}]`)));
  if (new Set(versions.map((v) => v.name)).size !== versions.length) out.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (versions.filter((v) => v.storage).length !== 1) out.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  out.push(...validateNames(spec.names, 'spec.names'));
  out.push(...validateConversion(spec.conversion));
  if (spec.preserveUnknownFields === true) out.push(invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  if (old) {
    const established = isEstablished(old);
    const immutable = (field: string, now: unknown, before: unknown) => {
      if (now !== before) out.push(invalid(field, now ?? '', 'field is immutable'));
    };
    if (established) {
      immutable('spec.scope', spec.scope, old.spec?.scope);
      immutable('spec.names.kind', spec.names?.kind, old.spec?.names?.kind);
    }
    immutable('spec.group', spec.group, old.spec?.group);
    immutable('spec.names.plural', spec.names?.plural, old.spec?.names?.plural);
  }
  out.push(...validateStoredVersions(crd.status?.storedVersions ?? [], versions));
  return out;
}
