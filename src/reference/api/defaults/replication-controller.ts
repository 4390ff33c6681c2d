// v1 ReplicationControllers (SetDefaults_ReplicationController): the
// selector and the controller's own labels default to the template's labels;
// one replica.
import { isObj, obj, strMap, type Obj } from '../validation/object-access.ts';
import { defaultPodTemplate } from './pod-template.ts';

export function defaultReplicationController(rc: Obj): void {
  const spec: Obj = isObj(rc.spec) ? rc.spec : (rc.spec = {});
  const templateLabels = isObj(spec.template) ? obj(spec.template.metadata).labels : undefined;
  if (isObj(templateLabels)) {
    if (Object.keys(strMap(spec.selector)).length === 0) spec.selector = { ...templateLabels };
    const meta: Obj = isObj(rc.metadata) ? rc.metadata : (rc.metadata = {});
    if (Object.keys(strMap(meta.labels)).length === 0) meta.labels = { ...templateLabels };
  }
  spec.replicas ??= 1;
  if (isObj(spec.template)) defaultPodTemplate(spec);
}
