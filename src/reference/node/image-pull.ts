// imagePullPolicy against the node's local store, in the words of the
// kubelet's image manager (pkg/kubelet/images/image_manager.go). No registry
// is ever contacted: a "pull" of an image the store lacks fails (ErrImagePull)
// and is retried with back-off (ImagePullBackOff); Always with the image in
// the store counts as a pull that found it there.
import type { ImageStore, ResolvedImage } from './image-store.ts';
import type { Container } from './pod-types.ts';
import { RestartBackoff } from './restart-backoff.ts';

export interface PullEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type PullResult =
  | { image: ResolvedImage; events: PullEvent[] }
  | { image: undefined; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull'; message: string; events: PullEvent[]; retryAtMs: number | undefined };

export class ImagePuller {
  private readonly store: ImageStore;
  private readonly backoff: RestartBackoff;
  /** The last pull error per back-off key, for the ImagePullBackOff message. */
  private readonly lastErrors = new Map<string, string>();

  constructor(store: ImageStore, backoff = new RestartBackoff()) {
    this.store = store;
    this.backoff = backoff;
  }

  async ensure(podUid: string, container: Container, nowMs: number): Promise<PullResult> {
    const reference = container.image ?? '';
    const policy = container.imagePullPolicy ?? (/:latest$|^[^:@]*$/.test(reference.replace(/^.*\//, '')) ? 'Always' : 'IfNotPresent');
    const present = await this.store.resolve(reference);
    const events: PullEvent[] = [];
    if (present && policy !== 'Always') {
      events.push({ type: 'Normal', reason: 'Pulled', message: `Container image "${reference}" already present on machine` });
      return { image: present, events };
    }
    if (!present && policy === 'Never') {
      const message = `Container image "${reference}" is not present with pull policy of Never`;
      events.push({ type: 'Warning', reason: 'ErrImageNeverPull', message });
      return { image: undefined, reason: 'ErrImageNeverPull', message, events, retryAtMs: undefined };
    }
    const key = `${podUid}/${reference}`;
    if (this.backoff.isInBackOffSinceUpdate(key, nowMs)) {
      events.push({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${reference}"` });
      const message = `Back-off pulling image "${reference}": ErrImagePull: ${this.lastErrors.get(key) ?? ''}`;
      return { image: undefined, reason: 'ImagePullBackOff', message, events, retryAtMs: this.backoff.readyAtSinceUpdate(key) };
    }
    events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${reference}"` });
    if (present) {
      this.backoff.forget(key);
      events.push({
        type: 'Normal',
        reason: 'Pulled',
        message: `Successfully pulled image "${reference}" in 0s (0s including waiting). Image size: ${present.sizeBytes} bytes.`,
      });
      return { image: present, events };
    }
    const error = `image "${reference}" is not in this node's image store (kdrill nodes pull from no registry: load it with kdrill image load)`;
    this.lastErrors.set(key, error);
    this.backoff.next(key, nowMs, nowMs);
    const message = `Failed to pull image "${reference}": ${error}`;
    events.push({ type: 'Warning', reason: 'Failed', message });
    return { image: undefined, reason: 'ErrImagePull', message, events, retryAtMs: this.backoff.readyAtSinceUpdate(key) };
  }

  forget(podUid: string): void {
    this.backoff.forget(`${podUid}/`);
    for (const key of this.lastErrors.keys()) if (key.startsWith(`${podUid}/`)) this.lastErrors.delete(key);
  }
}
