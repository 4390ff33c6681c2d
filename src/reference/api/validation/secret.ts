// Secrets: the data keys, at most 1 MiB decoded, and the keys each
// well-known type needs.
import { key } from './field-path.ts';
import { isConfigMapKey } from './formats.ts';
import { maxDataSize } from './config-map.ts';
import { obj, sortedKeys, str, strMap, type Obj } from './object-access.ts';
import { invalid, required, tooLong, type StatusCause } from './status-cause.ts';

function decoded(value: unknown): Buffer {
  return Buffer.from(str(value), 'base64');
}

function isJsonObject(bytes: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function validateTypedData(secret: Obj, data: Obj): StatusCause[] {
  const has = (k: string) => k in data;
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      return strMap(obj(secret.metadata).annotations)['kubernetes.io/service-account.name']
        ? []
        : [required(key('metadata.annotations', 'kubernetes.io/service-account.name'))];
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const k = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(k)) return [required(key('data', k))];
      return isJsonObject(decoded(data[k])) ? [] : [invalid(key('data', k), '<secret contents redacted>', 'invalid JSON')];
    }
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [required(key('data', 'username')), required(key('data', 'password'))];
    case 'kubernetes.io/ssh-auth':
      return decoded(data['ssh-privatekey']).length ? [] : [required(key('data', 'ssh-privatekey'))];
    case 'kubernetes.io/tls':
      return [
        ...(has('tls.crt') ? [] : [required(key('data', 'tls.crt'))]),
        ...(has('tls.key') ? [] : [required(key('data', 'tls.key'))]),
      ];
    default:
      return [];
  }
}

export function validateSecret(secret: Obj): StatusCause[] {
  const data = obj(secret.data);
  const causes: StatusCause[] = [];
  let size = 0;
  for (const k of sortedKeys(data)) {
    causes.push(...isConfigMapKey(k).map((msg) => invalid(key('data', k), k, msg)));
    size += decoded(data[k]).length;
  }
  if (size > maxDataSize) causes.push(tooLong('data', maxDataSize));
  causes.push(...validateTypedData(secret, data));
  return causes;
}
