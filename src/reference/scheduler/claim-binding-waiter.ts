// Waits, in the binding step, until the PersistentVolume controller has bound
// every claim a pod's node choice set off (upstream's bind timeout: 600 s).
import { objectKey } from '../../kube/informer.ts';
import type { Informer } from '../../kube/informer.ts';
import type { PersistentVolumeClaim } from '../controllers/pv-matching.ts';

interface Wait {
  keys: string[];
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export function isClaimBound(claim: PersistentVolumeClaim | undefined): boolean {
  return !!claim?.spec?.volumeName && claim.status?.phase === 'Bound';
}

export class ClaimBindingWaiter {
  private readonly claims: Informer<PersistentVolumeClaim>;
  private readonly waits = new Set<Wait>();

  constructor(claims: Informer<PersistentVolumeClaim>) {
    this.claims = claims;
  }

  private allBound(keys: string[]): boolean {
    return keys.every((key) => {
      const i = key.indexOf('/');
      return isClaimBound(this.claims.get(key.slice(0, i), key.slice(i + 1)));
    });
  }

  /** Resolves once every claim (by "namespace/name") is bound; rejects after timeoutMs or on close(). */
  wait(claims: PersistentVolumeClaim[], timeoutMs: number): Promise<void> {
    const keys = claims.map(objectKey);
    if (this.allBound(keys)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wait: Wait = {
        keys,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waits.delete(wait);
          reject(new Error(`binding volumes: timed out waiting for the condition`));
        }, timeoutMs),
      };
      this.waits.add(wait);
    });
  }

  /** Call on every claim change. */
  claimChanged(): void {
    for (const wait of this.waits) {
      if (!this.allBound(wait.keys)) continue;
      clearTimeout(wait.timer);
      this.waits.delete(wait);
      wait.resolve();
    }
  }

  close(): void {
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.reject(new Error('scheduler stopped'));
    }
    this.waits.clear();
  }
}
