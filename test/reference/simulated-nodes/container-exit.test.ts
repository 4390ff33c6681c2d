import t from 'tap';
import { simulatedExitCode } from '../../../src/reference/simulated-nodes/container-exit.ts';

t.test('which containers exit, and with what code', async (t) => {
  const pod = { metadata: { name: 'p' } };
  const exit = (command?: string[], args?: string[]) => simulatedExitCode(pod, { name: 'c', ...(command ? { command } : {}), ...(args ? { args } : {}) });
  t.equal(exit(), undefined, 'the image entrypoint runs until stopped');
  t.equal(exit(['true']), 0);
  t.equal(exit(['/bin/true']), 0);
  t.equal(exit(['false']), 1);
  t.equal(exit(['sh', '-c', 'exit 0']), 0);
  t.equal(exit(['/bin/sh'], ['-c', 'exit 42']), 42);
  t.equal(exit(['sh', '-c', 'sleep 5; exit 1']), undefined, 'anything else runs');
  t.equal(exit(['exit', '300']), undefined, 'not an exit code');
  t.equal(exit(['nginx']), undefined);
  const annotated = { metadata: { annotations: { 'kdrill.dev/simulate-exit-code': '7' } } };
  t.equal(simulatedExitCode(annotated, { name: 'c' }), 7, 'the annotation applies to every container');
  t.equal(simulatedExitCode({ metadata: { annotations: { 'kdrill.dev/simulate-exit-code': 'x' } } }, { name: 'c', command: ['true'] }), 0, 'a malformed annotation is ignored');
});
