import t from 'tap';
import { fitErrorMessage } from '../../../src/reference/scheduler/fit-error.ts';
import { unresolvable, unschedulable } from '../../../src/reference/scheduler/framework.ts';
import { truncateEventMessage } from '../../../src/reference/scheduler/scheduler.ts';

t.test('counts reasons per node and sorts the "count reason" strings', async (t) => {
  const message = fitErrorMessage({
    numAllNodes: 3,
    nodeFailures: new Map([
      ['w1', unschedulable('Insufficient cpu')],
      ['cp', unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')],
      ['w2', unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')],
    ]),
    postFilterMessage: 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
  });
  t.equal(
    message,
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
  );
});

t.test('a node with several reasons counts each of them', async (t) => {
  const message = fitErrorMessage({ numAllNodes: 2, nodeFailures: new Map([['a', unschedulable('Insufficient cpu', 'Insufficient memory')], ['b', unschedulable('Insufficient memory')]]) });
  t.equal(message, '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.');
});

t.test('sorting is by the whole string, count first, as upstream', async (t) => {
  const failures = new Map([...Array(10).keys()].map((i) => [`n${i}`, unschedulable(i < 9 ? 'b' : 'a')] as const));
  t.equal(fitErrorMessage({ numAllNodes: 10, nodeFailures: new Map(failures) }), '0/10 nodes are available: 1 a, 9 b.');
});

t.test('event messages are cut to 1024 characters as upstream', async (t) => {
  t.equal(truncateEventMessage('short'), 'short');
  const cut = truncateEventMessage('x'.repeat(2000));
  t.equal(cut.length, 1024);
  t.ok(cut.endsWith('x ...'));
});
