// Secrets: type Opaque by default, and stringData folded into data (the v1
// conversion does this on write; stringData is never stored).
import { ensureObj, isObj, str, type Obj } from '../validation/object-access.ts';

export function defaultSecret(secret: Obj): void {
  secret.type ||= 'Opaque';
  if (isObj(secret.stringData)) {
    const data = ensureObj(secret, 'data');
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(str(v), 'utf8').toString('base64');
    delete secret.stringData;
  }
}
