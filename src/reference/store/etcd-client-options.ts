// How the etcd backend sets up its etcd3 client.
//
// etcd3 retries any call that failed with a transient gRPC error (up to three
// attempts). For a write that is unsafe: the first attempt may have been
// applied before the connection broke, and a retried create would then report
// KeyExistsError for its own key. So calls are attempted once here (as
// etcd's own Go client does for writes); the store retries reads itself. The
// per-host circuit breaker stays, so a cluster of several members still
// fails over. Watch streams reconnect with a short capped backoff instead of
// etcd3's default of up to 30 s.
import { readFile } from 'node:fs/promises';
import type { IOptions } from 'etcd3';

type FaultHandling = NonNullable<IOptions['faultHandling']>;
type Policy = NonNullable<FaultHandling['global']>;
type Backoff = NonNullable<FaultHandling['watchBackoff']>;

const noSubscription = () => ({ dispose() {} });

const singleAttempt: Policy = {
  // A type-only member of cockatiel's IPolicy; it never exists at run time.
  _altReturn: undefined as never,
  onSuccess: noSubscription,
  onFailure: noSubscription,
  execute: async (call, signal) => call({ signal: signal ?? new AbortController().signal }),
};

class CappedBackoff implements Backoff {
  readonly duration: number;
  private readonly maxMs: number;

  constructor(duration: number, maxMs: number) {
    this.duration = duration;
    this.maxMs = maxMs;
  }

  next(): Backoff {
    return new CappedBackoff(Math.min(this.duration * 2, this.maxMs), this.maxMs);
  }
}

/** As kube-apiserver sets it (math.MaxInt32): a range of many large objects must not fail on gRPC's 4 MiB default. */
const maxReceiveMessageBytes = 2 ** 31 - 1;

/** PEM files of an etcd client with TLS (kube-apiserver's --etcd-cafile, --etcd-certfile, --etcd-keyfile). */
export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export async function readEtcdTls(files: EtcdTlsFiles): Promise<EtcdTls> {
  const [ca, cert, key] = await Promise.all([readFile(files.caFile), readFile(files.certFile), readFile(files.keyFile)]);
  return { ca, cert, key };
}

/** Options for endpoints; with `tls`, the endpoints are https:// URLs and the client presents its certificate. */
export function etcdClientOptions(endpoints: string[], tls?: EtcdTls): IOptions {
  return {
    hosts: endpoints,
    ...(tls ? { credentials: { rootCertificate: tls.ca, certChain: tls.cert, privateKey: tls.key } } : {}),
    grpcOptions: { 'grpc.max_receive_message_length': maxReceiveMessageBytes },
    faultHandling: {
      global: singleAttempt,
      watchBackoff: new CappedBackoff(50, 2000),
    },
  };
}
