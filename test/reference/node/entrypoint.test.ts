import t from 'tap';
import { containerArgv } from '../../../src/reference/node/entrypoint.ts';
import { lookupIn } from '../../../src/reference/node/env-expansion.ts';

t.test('command and args against the image’s Entrypoint and Cmd', async (t) => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], env: [], workingDir: '', user: '' };
  const env = lookupIn(new Map([['PORT', '8080']]));
  t.same(containerArgv(undefined, undefined, image, env), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'], 'neither: the image’s');
  t.same(containerArgv(undefined, ['--port', '$(PORT)'], image, env), ['/docker-entrypoint.sh', '--port', '8080'], 'args replace Cmd');
  t.same(containerArgv(['sh', '-c'], undefined, image, env), ['sh', '-c'], 'a command drops Entrypoint and Cmd');
  t.same(containerArgv(['echo'], ['$(PORT)', '$(NOPE)'], image, env), ['echo', '8080', '$(NOPE)']);
  t.same(containerArgv([], [], image, env), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'], 'empty lists count as unset');
});
