// Controllers against a real in-process control plane: the context the
// controller manager builds (kept-alive client, shared informers, real event
// recorders), controllers started one by one, and a wait that lists then
// watches instead of polling. Everything stops in the test's teardown,
// controllers and watches before the server.
import type { ApiClient } from '../../src/kube/api-client.ts';
import { createApiClient } from '../../src/kube/https-api-client.ts';
import { InformerFactory } from '../../src/kube/shared-informer.ts';
import type { KubeObject } from '../../src/reference/api/object.ts';
import type { Controller, ControllerContext, ControllerTimings } from '../../src/reference/controllers/controller-context.ts';
import { createControllerContext } from '../../src/reference/controllers/create-controller-context.ts';
import { startTestControlPlane } from '../reference/api/fixtures/control-plane.ts';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface ControllerCluster {
  client: ApiClient;
  ctx: ControllerContext;
  /** Starts a controller; it stops in the test's teardown. */
  start(startController: (ctx: ControllerContext) => Promise<Controller>): Promise<void>;
  /** Resolves once every Event recorded so far is written. */
  flushEvents(): Promise<void>;
  /** The collection's items once predicate holds for them: checked on a list, then on every watch event. */
  waitForList<T extends KubeObject>(collectionPath: string, predicate: (items: T[]) => boolean, query?: Record<string, string>): Promise<T[]>;
}

export async function startControllerCluster(t: Teardown, timings?: Partial<ControllerTimings>): Promise<ControllerCluster> {
  const cp = await startTestControlPlane(t);
  const client = await createApiClient(cp.kubeconfigPath);
  const log = (m: string) => cp.logs.push(m);
  const informers = new InformerFactory(client, { log });
  const { ctx, flushEvents } = createControllerContext(client, informers, { ...(timings ? { timings } : {}), host: 'test-host', log });
  const controllers: Controller[] = [];
  // Teardowns run last-registered first: this one before the control plane's.
  t.teardown(async () => {
    await Promise.all(controllers.map((c) => c.stop()));
    await informers.stop();
    await flushEvents();
    client.close();
  });
  informers.start();

  async function waitForList<T extends KubeObject>(collectionPath: string, predicate: (items: T[]) => boolean, query: Record<string, string> = {}): Promise<T[]> {
    const listed = await client.list<T>(collectionPath, query);
    const items = new Map(listed.items.map((o) => [o.metadata?.uid ?? '', o]));
    if (predicate([...items.values()])) return [...items.values()];
    return new Promise<T[]>((resolve, reject) => {
      const watch = client.watch(collectionPath, { ...query, resourceVersion: listed.resourceVersion }, (type, obj) => {
        if (type === 'ERROR') return reject(new Error(`watch ${collectionPath}: ${JSON.stringify(obj)}`));
        if (type === 'BOOKMARK') return;
        if (type === 'DELETED') items.delete(obj.metadata?.uid ?? '');
        else items.set(obj.metadata?.uid ?? '', obj as T);
        if (predicate([...items.values()])) {
          watch.stop();
          resolve([...items.values()]);
        }
      });
      void watch.done.then(() => reject(new Error(`watch ${collectionPath} ended before the condition held`)));
    });
  }

  return {
    client,
    ctx,
    async start(startController) {
      controllers.push(await startController(ctx));
    },
    flushEvents,
    waitForList,
  };
}
