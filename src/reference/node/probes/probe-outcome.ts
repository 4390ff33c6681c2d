// What one probe run found, in pkg/probe's terms: success or failure, with
// the output the kubelet puts in its Unhealthy events.
export interface ProbeOutcome {
  success: boolean;
  output: string;
}

/** A Node.js socket error as Go's net package words it ("connect: connection refused"). */
export function dialErrorText(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connect: connection refused';
    case 'EHOSTUNREACH':
      return 'connect: no route to host';
    case 'ENETUNREACH':
      return 'connect: network is unreachable';
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'ETIMEDOUT':
      return 'i/o timeout';
    default:
      return err.message;
  }
}
