// Endpoints (SetDefaults_Endpoints): ports are TCP unless said otherwise.
import { objs, type Obj } from '../validation/object-access.ts';

export function defaultEndpoints(endpoints: Obj): void {
  for (const subset of objs(endpoints.subsets)) for (const port of objs(subset.ports)) port.protocol ||= 'TCP';
}
