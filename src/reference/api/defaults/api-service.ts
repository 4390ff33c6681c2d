// apiregistration.k8s.io/v1 APIServices (SetDefaults_ServiceReference): a
// backing Service is reached on port 443 unless told otherwise.
import { isObj, type Obj } from '../validation/object-access.ts';

export function defaultApiService(apiService: Obj): void {
  const spec = apiService.spec;
  if (isObj(spec) && isObj(spec.service)) spec.service.port ??= 443;
}
