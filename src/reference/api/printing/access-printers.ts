// RoleBindings, ClusterRoleBindings and CertificateSigningRequests, as
// upstream's printers show them.
import type { KubeObject } from '../object.ts';
import { apiType, ageColumn, column, fieldDoc, nameColumn, wide } from './columns.ts';
import { objectName } from './cell-format.ts';
import { humanDuration, timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

/** USERS, GROUPS and SERVICEACCOUNTS of a binding (rbac.SubjectsStrings). */
export function subjectColumns(subjects: Binding['subjects']): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(kind: 'RoleBinding' | 'ClusterRoleBinding', subjectsOf: string) {
  return printer<Binding>(
    [
      nameColumn(),
      column('Role', 'string', fieldDoc(apiType('rbac.v1', kind), 'roleRef')),
      ageColumn(),
      wide('Users', 'string', `Users in the ${subjectsOf}`),
      wide('Groups', 'string', `Groups in the ${subjectsOf}`),
      wide('ServiceAccounts', 'string', `ServiceAccounts in the ${subjectsOf}`),
    ],
    (b, now) => [objectName(b), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, timeSince(b.metadata?.creationTimestamp, now), ...subjectColumns(b.subjects)],
  );
}

export const roleBindingPrinter = bindingPrinter('RoleBinding', 'roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('ClusterRoleBinding', 'clusterRoleBinding');

interface CertificateSigningRequest extends KubeObject {
  spec?: { signerName?: string; username?: string; expirationSeconds?: number };
  status?: { conditions?: { type: string }[]; certificate?: string };
}

/** CONDITION: Denied, Approved or Pending, then ",Failed" and ",Issued". */
export function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

const csrSpec = apiType('certificates.v1', 'CertificateSigningRequestSpec');

export const certificateSigningRequestPrinter = printer<CertificateSigningRequest>(
  [
    nameColumn(),
    ageColumn(),
    column('SignerName', 'string', fieldDoc(csrSpec, 'signerName')),
    column('Requestor', 'string', fieldDoc(csrSpec, 'request')),
    column('RequestedDuration', 'string', fieldDoc(csrSpec, 'expirationSeconds')),
    column('Condition', 'string', fieldDoc(apiType('certificates.v1', 'CertificateSigningRequestStatus'), 'conditions')),
  ],
  (csr, now) => [
    objectName(csr),
    timeSince(csr.metadata?.creationTimestamp, now),
    csr.spec?.signerName || '<none>',
    csr.spec?.username ?? '',
    csr.spec?.expirationSeconds !== undefined ? humanDuration(csr.spec.expirationSeconds * 1000) : '<none>',
    csrCondition(csr),
  ],
);
