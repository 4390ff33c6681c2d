// The errors kube-apiserver answers requests on custom resources with where
// they differ from built-in types.
import { ApiError } from '../status.ts';

/** Strategic merge patch needs Go struct tags, which custom resources do not have: kube-apiserver refuses it with a 415. */
export function customPatchTypeError(): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
}

/** Objects of a CRD being deleted are not created any more (upstream's crdHandler refuses with a 405). */
export function terminatingCrdError(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
}
