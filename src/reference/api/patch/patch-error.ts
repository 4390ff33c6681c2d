// The errors the patch engines throw. Each carries what kube-apiserver puts in
// the Status it answers with, so that the API server only has to copy it.

export interface StatusCause {
  type: string;
  message: string;
  field: string;
}

/**
 * Status reasons the engines produce. The empty string is
 * metav1.StatusReasonUnknown: kube-apiserver answers 500 with it (and the bare
 * error text as message) for engine errors it does not classify.
 */
export type PatchErrorReason = 'BadRequest' | 'RequestEntityTooLarge' | 'Invalid' | 'Conflict' | '';

export class PatchError extends Error {
  readonly status: 400 | 409 | 413 | 422 | 500;
  readonly reason: PatchErrorReason;
  /** The engine's own account when it differs from the Status message (kept for logs). */
  readonly detail: string;
  readonly causes: readonly StatusCause[];

  constructor(status: PatchError['status'], reason: PatchErrorReason, message: string, detail = message, causes: readonly StatusCause[] = []) {
    super(message);
    this.name = 'PatchError';
    this.status = status;
    this.reason = reason;
    this.detail = detail;
    this.causes = causes;
  }

  static badRequest(message: string): PatchError {
    return new PatchError(400, 'BadRequest', message);
  }

  static unprocessable(message: string): PatchError {
    return new PatchError(422, 'Invalid', message);
  }

  static internal(message: string): PatchError {
    return new PatchError(500, '', message);
  }
}
