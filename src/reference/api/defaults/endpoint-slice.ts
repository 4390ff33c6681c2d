// EndpointSlices (SetDefaults_EndpointPort): ports are named "" and TCP
// unless said otherwise.
import { objs, type Obj } from '../validation/object-access.ts';

export function defaultEndpointSlice(slice: Obj): void {
  for (const port of objs(slice.ports)) {
    port.name ??= '';
    port.protocol ??= 'TCP';
  }
}
