// A label or field selector that cannot be parsed or does not apply to the
// resource. The message is upstream's wording; the API server answers it as a
// 400 BadRequest.
export class SelectorError extends Error {
  override name = 'SelectorError';
}
