// ConfigMaps: keys usable as file names and env vars, at most 1 MiB of data in
// all.
import { key } from './field-path.ts';
import { byteLength, isConfigMapKey } from './formats.ts';
import { obj, sortedKeys, str, type Obj } from './object-access.ts';
import { invalid, tooLong, type StatusCause } from './status-cause.ts';

export const maxDataSize = 1024 * 1024;

export function validateConfigMap(cm: Obj): StatusCause[] {
  const data = obj(cm.data);
  const binaryData = obj(cm.binaryData);
  const causes: StatusCause[] = [];
  let size = 0;
  for (const k of sortedKeys(data)) {
    causes.push(...isConfigMapKey(k).map((msg) => invalid(key('data', k), k, msg)));
    if (k in binaryData) causes.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    size += byteLength(str(data[k]));
  }
  for (const k of sortedKeys(binaryData)) {
    causes.push(...isConfigMapKey(k).map((msg) => invalid(key('binaryData', k), k, msg)));
    size += Buffer.from(str(binaryData[k]), 'base64').length;
  }
  // Upstream reports the size on the empty path, which prints as "[]".
  if (size > maxDataSize) causes.push(tooLong('[]', maxDataSize));
  return causes;
}
