// v1 LimitRanges (SetDefaults_LimitRangeItem): for a Container item, the
// default limit falls back to max, and the default request to the default
// limit, then to min.
import { isObj, objs, type Obj } from '../validation/object-access.ts';
import { canonicalResourceList } from './quantities.ts';

export function defaultLimitRange(limitRange: Obj): void {
  if (!isObj(limitRange.spec)) return;
  for (const item of objs(limitRange.spec.limits)) {
    for (const field of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalResourceList(item[field]);
    if (item.type !== 'Container') continue;
    const limits: Obj = isObj(item.default) ? item.default : (item.default = {});
    const requests: Obj = isObj(item.defaultRequest) ? item.defaultRequest : (item.defaultRequest = {});
    for (const [name, value] of Object.entries(isObj(item.max) ? item.max : {})) limits[name] ??= value;
    for (const [name, value] of Object.entries(limits)) requests[name] ??= value;
    for (const [name, value] of Object.entries(isObj(item.min) ? item.min : {})) requests[name] ??= value;
    // Empty lists are omitted from the stored object, as omitempty maps are.
    if (Object.keys(limits).length === 0) delete item.default;
    if (Object.keys(requests).length === 0) delete item.defaultRequest;
  }
}
