// Quantities as kube-apiserver hands them back: in canonical form ("0.5" ->
// "500m", "1024Mi" -> "1Gi", 2 -> "2"), and in resource lists rounded up to
// thousandths (SetDefaults_ResourceList). Malformed values are left for
// validation to report.
import { isObj } from '../validation/object-access.ts';
import { formatQuantity, parseQuantity } from '../validation/quantity.ts';

const milli = 1_000_000n;

export function canonicalQuantity(value: unknown): unknown {
  const q = parseQuantity(value);
  return q ? formatQuantity(q) : value;
}

/** Every quantity of a ResourceList, in place. */
export function canonicalResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [name, value] of Object.entries(list)) {
    const q = parseQuantity(value);
    if (!q) continue;
    const remainder = q.nanos % milli;
    // Away from zero, as Quantity.RoundUp does.
    const rounded = remainder === 0n ? q.nanos : q.nanos - remainder + (q.nanos > 0n ? milli : -milli);
    list[name] = formatQuantity({ ...q, nanos: rounded });
  }
}
