// APIServices (kube-aggregator's printer), admission webhook configurations
// and ValidatingAdmissionPolicies with their bindings.
import type { KubeObject } from '../object.ts';
import { ageColumn, column, nameColumn } from './columns.ts';
import { objectName, type LabelSelector } from './cell-format.ts';
import { timeSince } from './human-duration.ts';
import { printer } from './printer.ts';

interface APIService extends KubeObject {
  spec?: { service?: { namespace?: string; name?: string } };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

/** AVAILABLE: True, or the condition's status with its reason ("False (MissingEndpoints)"), Unknown without one. */
export function apiServiceAvailable(s: APIService): string {
  const c = s.status?.conditions?.find((x) => x.type === 'Available');
  if (!c) return 'Unknown';
  if (c.status !== 'True' && c.reason) return `${c.status} (${c.reason})`;
  return c.status;
}

export const apiServicePrinter = printer<APIService>(
  [
    nameColumn(),
    column('Service', 'string', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'string', 'Whether this service is available.'),
    ageColumn(),
  ],
  (s, now) => [
    objectName(s),
    s.spec?.service ? `${s.spec.service.namespace ?? ''}/${s.spec.service.name ?? ''}` : 'Local',
    apiServiceAvailable(s),
    timeSince(s.metadata?.creationTimestamp, now),
  ],
);

interface WebhookConfiguration extends KubeObject {
  webhooks?: unknown[];
}

export const webhookConfigurationPrinter = printer<WebhookConfiguration>(
  [nameColumn(), column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'), ageColumn()],
  (w, now) => [objectName(w), (w.webhooks ?? []).length, timeSince(w.metadata?.creationTimestamp, now)],
);

interface ValidatingAdmissionPolicy extends KubeObject {
  spec?: { validations?: unknown[]; paramKind?: { apiVersion?: string; kind?: string } };
}

const paramKindColumn = column('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy');

export const validatingAdmissionPolicyPrinter = printer<ValidatingAdmissionPolicy>(
  [nameColumn(), column('Validations', 'integer', 'Validations indicates the number of validation rules defined in this configuration'), paramKindColumn, ageColumn()],
  (p, now) => [
    objectName(p),
    (p.spec?.validations ?? []).length,
    p.spec?.paramKind ? `${p.spec.paramKind.apiVersion ?? ''}/${p.spec.paramKind.kind ?? ''}` : '<unset>',
    timeSince(p.metadata?.creationTimestamp, now),
  ],
);

interface ValidatingAdmissionPolicyBinding extends KubeObject {
  spec?: { policyName?: string; paramRef?: { name?: string; namespace?: string; selector?: LabelSelector } };
}

/** A LabelSelector as Go's generated String() writes it, which is what upstream prints for a param selector. */
export function goLabelSelectorString(s: LabelSelector): string {
  const labels = Object.keys(s.matchLabels ?? {}).sort().map((k) => `${k}: ${s.matchLabels![k]},`).join('');
  const expressions = (s.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

function paramRefText(ref: NonNullable<ValidatingAdmissionPolicyBinding['spec']>['paramRef']): string {
  if (!ref) return '<unset>';
  // Without a namespace the binding cannot tell whether the param is cluster-scoped: upstream writes "*/name".
  if (ref.name) return ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
  return ref.selector ? goLabelSelectorString(ref.selector) : '<unset>';
}

export const validatingAdmissionPolicyBindingPrinter = printer<ValidatingAdmissionPolicyBinding>(
  [
    nameColumn(),
    column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    ageColumn(),
  ],
  (b, now) => [objectName(b), b.spec?.policyName ?? '', paramRefText(b.spec?.paramRef), timeSince(b.metadata?.creationTimestamp, now)],
);
