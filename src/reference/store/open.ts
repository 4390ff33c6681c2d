// Opens the store backend a control plane is configured with.
import { openEmbeddedStore } from './embedded/embedded-store.ts';
import type { EtcdTlsFiles } from './etcd-client-options.ts';
import { openEtcdStore } from './etcd.ts';
import type { Store } from './store.ts';

export type StoreOptions =
  | {
      backend: 'embedded';
      dataDir: string;
      /** How often a quiet watch gets onProgress, in ms (default 5000). */
      progressIntervalMs?: number;
    }
  | { backend: 'etcd'; endpoints: string[]; tls?: EtcdTlsFiles };

export function openStore(options: StoreOptions): Promise<Store> {
  switch (options.backend) {
    case 'embedded':
      return openEmbeddedStore(options);
    case 'etcd':
      return openEtcdStore(options);
  }
}
