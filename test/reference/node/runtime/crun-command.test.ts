import { execFileSync } from 'node:child_process';
import t from 'tap';
import { crunCommand, onTerminal, shellQuote } from '../../../../src/reference/node/runtime/crun-command.ts';

t.test('every crun call runs in a private mount namespace without the unified cgroup hierarchy', async (t) => {
  const command = crunCommand('/run/kdrill/crun', ['kill', 'c1', 'TERM']);
  t.equal(command.file, 'unshare');
  t.same(command.args.slice(0, 2), ['--mount', 'sh']);
  t.match(command.args[3], /umount \/sys\/fs\/cgroup\/unified/);
  t.same(command.args.slice(5), ['crun', '--root', '/run/kdrill/crun', 'kill', 'c1', 'TERM']);
});

t.test('a command on a terminal is one shell line that gives back every word as it was', async (t) => {
  const words = ['printf', '%s|', 'plain', 'with space', "it's", '$HOME', '`x`', ''];
  t.equal(shellQuote('plain-word_1.2/x:y=z'), 'plain-word_1.2/x:y=z');
  const command = onTerminal({ file: words[0] ?? '', args: words.slice(1) });
  t.equal(command.file, 'script');
  const line = command.args[command.args.indexOf('--command') + 1] ?? '';
  t.equal(execFileSync('sh', ['-c', line.replace(/^exec /, '')], { encoding: 'utf8' }), "plain|with space|it's|$HOME|`x`||");
});
