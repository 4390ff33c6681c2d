// kdrill cluster's own parsing: durations for --wait, and usage errors
// (exit 2) said before anything is touched.
import t from 'tap';
import { parseDuration } from '../../../src/cli/commands/cluster.ts';
import { kdrill } from '../../helpers/container-cluster.ts';

t.test('--wait durations', async (t) => {
  t.equal(parseDuration('90'), 90);
  t.equal(parseDuration('90s'), 90);
  t.equal(parseDuration('5m'), 300);
  t.equal(parseDuration('1m30s'), 90);
  t.equal(parseDuration('1h'), 3600);
  t.equal(parseDuration('1500ms'), 1.5);
  for (const bad of ['', '5 m', 'five', '5d', '-1s']) t.throws(() => parseDuration(bad === '' ? 'x' : bad), /is not a duration/, bad);
});

t.test('usage errors', async (t) => {
  const cases: [string[], RegExp][] = [
    [['cluster'], /needs a sub-command/],
    [['cluster', 'grow'], /unknown sub-command "grow"/],
    [['cluster', 'create'], /needs -f FILE/],
    [['cluster', 'create', '-f', 'x.yaml', '--name', 'Bad_Name'], /--name "Bad_Name" is not a DNS label/],
    [['cluster', 'create', '-f', 'x.yaml', '--wait', 'soon'], /"soon" is not a duration/],
    [['cluster', 'create', '-f', 'x.yaml', 'extra'], /unexpected argument "extra"/],
    [['cluster', 'delete'], /needs a cluster NAME/],
    [['cluster', 'export-logs', 'x'], /needs NAME and DIR/],
    [['image'], /needs a sub-command: build, load or unpack/],
    [['image', 'load', 'busybox'], /needs --cluster NAME/],
    [['image', 'load', '--cluster', 'x'], /needs at least one image/],
    [['image', 'unpack', 'a.tar'], /needs --store DIR/],
    [['clean', 'now'], /unexpected argument "now"/],
  ];
  for (const [args, message] of cases) {
    const r = await kdrill(args);
    t.equal(r.exitCode, 2, args.join(' '));
    t.match(r.stderr, message, args.join(' '));
  }
  const missing = await kdrill(['cluster', 'create', '-f', '/nonexistent/cluster.yaml']);
  t.equal(missing.exitCode, 2);
  t.match(missing.stderr, /\/nonexistent\/cluster\.yaml: cannot read the cluster file/);
});
