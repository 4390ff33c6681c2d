// Probe and handler defaults (SetDefaults_Probe, SetDefaults_HTTPGetAction,
// the declarative default of GRPCAction.service).
import { isObj, type Obj } from '../validation/object-access.ts';

export function defaultHandler(handler: Obj): void {
  if (isObj(handler.httpGet)) {
    handler.httpGet.path ||= '/';
    handler.httpGet.scheme ||= 'HTTP';
  }
  if (isObj(handler.grpc)) handler.grpc.service ??= '';
}

export function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHandler(probe);
}
