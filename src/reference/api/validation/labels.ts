// Labels and annotations: keys are qualified names, label values are short
// restricted strings, annotations together stay under 256 KiB.
import { byteLength, isQualifiedName, isValidLabelValue } from './formats.ts';
import { sortedKeys, strMap } from './object-access.ts';
import { invalid, tooLong, type StatusCause } from './status-cause.ts';

const totalAnnotationSizeLimit = 256 * 1024;

export function validateLabelName(name: string, path: string): StatusCause[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

export function validateLabels(labels: unknown, path: string): StatusCause[] {
  const map = strMap(labels);
  const causes: StatusCause[] = [];
  for (const k of sortedKeys(map)) {
    causes.push(...validateLabelName(k, path));
    const v = map[k] ?? '';
    causes.push(...isValidLabelValue(v).map((msg) => invalid(path, v, msg)));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, path: string): StatusCause[] {
  const map = strMap(annotations);
  const causes: StatusCause[] = [];
  let size = 0;
  for (const k of sortedKeys(map)) {
    causes.push(...isQualifiedName(k.toLowerCase()).map((msg) => invalid(path, k, msg)));
    size += byteLength(k) + byteLength(map[k] ?? '');
  }
  if (size > totalAnnotationSizeLimit) causes.push(tooLong(path, totalAnnotationSizeLimit));
  return causes;
}
