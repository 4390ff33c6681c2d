// Builds the context every controller runs with: the client, the shared
// informers, event recorders reporting as each controller's component, and the
// timings. Used by the controller manager and by tests that start controllers.
import type { ApiClient } from '../../kube/api-client.ts';
import { createEventRecorder, type EventRecorder } from '../../kube/event-recorder.ts';
import type { InformerFactory } from '../../kube/shared-informer.ts';
import { defaultTimings, type ControllerContext, type ControllerTimings } from './controller-context.ts';

export interface BuiltControllerContext {
  ctx: ControllerContext;
  /** Resolves once every Event recorded so far is written (or failed). */
  flushEvents(): Promise<void>;
}

export function createControllerContext(
  client: ApiClient,
  informers: InformerFactory,
  o: { timings?: Partial<ControllerTimings>; host: string; log(message: string): void },
): BuiltControllerContext {
  const recorders: EventRecorder[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    events(component) {
      const recorder = createEventRecorder(client, component, o.host, { log: o.log });
      recorders.push(recorder);
      return recorder;
    },
    timings: { ...defaultTimings, ...o.timings },
    log: o.log,
  };
  return { ctx, flushEvents: async () => void (await Promise.all(recorders.map((r) => r.flush()))) };
}
