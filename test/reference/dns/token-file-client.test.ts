import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import type { ApiClient } from '../../../src/kube/api-client.ts';
import type { KubeObject } from '../../../src/reference/api/object.ts';
import { tokenFileClient } from '../../../src/reference/dns/token-file-client.ts';

/** A client that answers get() with the token it was made with. */
function fakeClient(token: string, closed: string[]): ApiClient {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    get: <T extends KubeObject>() => Promise.resolve({ metadata: { name: token } } as T),
    list: unused, create: unused, update: unused, patch: unused, getText: unused, delete: unused,
    watch: () => ({ done: Promise.resolve(), stop() {} }),
    close: () => closed.push(token),
  };
}

t.test('a rewritten token file switches requests to a client made anew, and closes the old one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kdrill-token-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, 'first');
  const closed: string[] = [];
  let made = 0;
  const client = await tokenFileClient({
    tokenFile,
    checkIntervalMs: 20,
    createClient: async () => {
      made++;
      return fakeClient(await readFile(tokenFile, 'utf8'), closed);
    },
  });
  t.teardown(() => client.close());
  t.equal((await client.get('/x')).metadata?.name, 'first');
  await sleep(100);
  t.equal(made, 1, 'an unchanged file makes no new client');
  await writeFile(tokenFile, 'second');
  let name: string | undefined;
  for (let i = 0; i < 100 && name !== 'second'; i++) {
    await sleep(20);
    name = (await client.get('/x')).metadata?.name;
  }
  t.equal(name, 'second');
  t.same(closed, ['first']);
});
