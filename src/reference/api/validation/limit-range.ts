// v1 LimitRanges (ValidateLimitRange): per item a type, non-negative
// quantities ordered min <= defaultRequest <= default <= max, ratios of at
// least 1 that the min and max allow, no defaults for Pod items, and a
// storage bound for PersistentVolumeClaim items.
import { child, index, key } from './field-path.ts';
import { formatQuantity, parseQuantity, type Quantity } from './quantity.ts';
import { isObj, obj, objs, str, type Obj } from './object-access.ts';
import { forbidden, invalid, required, type StatusCause } from './status-cause.ts';

function quantities(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(obj(list))) {
    const q = parseQuantity(value);
    if (q) out.set(name, q);
  }
  return out;
}

export function validateLimitRange(limitRange: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  objs(obj(limitRange.spec).limits).forEach((item, i) => {
    const path = index(child('spec', 'limits'), i);
    const type = str(item.type);
    if (!type) causes.push(required(child(path, 'type')));
    const [min, max, def, defReq, ratio] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'].map((f) => quantities(item[f])) as Map<string, Quantity>[];
    for (const [field, list] of [['min', min], ['max', max], ['default', def], ['defaultRequest', defReq], ['maxLimitRequestRatio', ratio]] as const) {
      for (const [name, q] of list!) if (q.nanos < 0n) causes.push(invalid(key(child(path, field), name), formatQuantity(q), 'must be greater than or equal to 0'));
    }
    if (type === 'Pod') {
      if (isObj(item.default) && Object.keys(item.default).length) causes.push(forbidden(child(path, 'default'), "may not be specified when `type` is 'Pod'"));
      if (isObj(item.defaultRequest) && Object.keys(item.defaultRequest).length) causes.push(forbidden(child(path, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
    }
    if (type === 'PersistentVolumeClaim' && !min!.has('storage') && !max!.has('storage')) {
      causes.push(required(child(path, 'limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const names = new Set([...min!.keys(), ...max!.keys(), ...def!.keys(), ...defReq!.keys(), ...ratio!.keys()]);
    for (const name of [...names].sort()) {
      const [lo, hi, d, dr, r] = [min!.get(name), max!.get(name), def!.get(name), defReq!.get(name), ratio!.get(name)];
      const text = (q: Quantity) => formatQuantity(q);
      if (lo && hi && lo.nanos > hi.nanos) causes.push(invalid(key(child(path, 'min'), name), text(lo), `min value ${text(lo)} is greater than max value ${text(hi)}`));
      if (dr && lo && lo.nanos > dr.nanos) causes.push(invalid(key(child(path, 'defaultRequest'), name), text(dr), `min value ${text(lo)} is greater than default request value ${text(dr)}`));
      if (dr && hi && dr.nanos > hi.nanos) causes.push(invalid(key(child(path, 'defaultRequest'), name), text(dr), `default request value ${text(dr)} is greater than max value ${text(hi)}`));
      if (dr && d && dr.nanos > d.nanos) causes.push(invalid(key(child(path, 'defaultRequest'), name), text(dr), `default request value ${text(dr)} is greater than default limit value ${text(d)}`));
      if (d && lo && lo.nanos > d.nanos) causes.push(invalid(key(child(path, 'default'), name), text(d), `min value ${text(lo)} is greater than default value ${text(d)}`));
      if (d && hi && d.nanos > hi.nanos) causes.push(invalid(key(child(path, 'default'), name), text(d), `default value ${text(d)} is greater than max value ${text(hi)}`));
      if (r && r.nanos < 1_000_000_000n) causes.push(invalid(key(child(path, 'maxLimitRequestRatio'), name), text(r), `ratio ${text(r)} is less than 1`));
      if (r && lo && hi && lo.nanos > 0n) {
        const allowed = Number(hi.nanos) / Number(lo.nanos);
        if (Number(r.nanos) / 1e9 > allowed) causes.push(invalid(key(child(path, 'maxLimitRequestRatio'), name), text(r), `ratio ${text(r)} is greater than max/min = ${allowed.toFixed(6)}`));
      }
    }
  });
  return causes;
}
