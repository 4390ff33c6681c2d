// The cluster a run targets cannot be reached (or its kubeconfig is unusable):
// the message says which server and what to check.

export class ClusterUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnreachableError';
  }
}
