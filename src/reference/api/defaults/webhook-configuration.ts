// admissionregistration.k8s.io/v1 webhooks (SetDefaults_ValidatingWebhook,
// SetDefaults_MutatingWebhook, SetDefaults_Rule, SetDefaults_ServiceReference):
// Fail, Equivalent, selectors that select everything, 10 s, rules of any
// scope, port 443; mutating webhooks are not reinvoked.
import { isObj, objs, type Obj } from '../validation/object-access.ts';

function defaultWebhooks(configuration: Obj, mutating: boolean): void {
  for (const hook of objs(configuration.webhooks)) {
    hook.failurePolicy ??= 'Fail';
    hook.matchPolicy ??= 'Equivalent';
    hook.namespaceSelector ??= {};
    hook.objectSelector ??= {};
    hook.timeoutSeconds ??= 10;
    if (mutating) hook.reinvocationPolicy ??= 'Never';
    for (const rule of objs(hook.rules)) rule.scope ??= '*';
    if (isObj(hook.clientConfig) && isObj(hook.clientConfig.service)) hook.clientConfig.service.port ??= 443;
  }
}

export const defaultValidatingWebhookConfiguration = (o: Obj): void => defaultWebhooks(o, false);
export const defaultMutatingWebhookConfiguration = (o: Obj): void => defaultWebhooks(o, true);
