import t from 'tap';
import { describeFlags, parseFlags, UsageError, type FlagSpec } from '../../src/cli/flags.ts';

const specs: Record<string, FlagSpec> = {
  'data-dir': { type: 'string', description: 'dir', placeholder: 'DIR' },
  port: { type: 'number', description: 'port', default: 6443 },
  verbose: { type: 'boolean', description: 'talk' },
  suites: { type: 'list', description: 'suites' },
};

t.test('values, defaults, lists and positionals', async (t) => {
  const { flags, positionals } = parseFlags(['--data-dir', '/d', '--suites=a,b', 'pos', '--suites', 'c', '--verbose', '--', '--not-a-flag'], specs);
  t.same(flags, { 'data-dir': '/d', port: 6443, suites: ['a', 'b', 'c'], verbose: true });
  t.same(positionals, ['pos', '--not-a-flag']);
  t.equal(parseFlags(['--port=0'], specs).flags.port, 0);
  t.equal(parseFlags(['--verbose=false'], specs).flags.verbose, false);
});

t.test('usage errors name the flag and the expected form', async (t) => {
  t.throws(() => parseFlags(['--nope'], specs), new UsageError('unknown flag --nope'));
  t.throws(() => parseFlags(['--data-dir'], specs), new UsageError('flag --data-dir needs a value (DIR)'));
  t.throws(() => parseFlags(['--data-dir', '--port', '1'], specs), new UsageError('flag --data-dir needs a value (DIR)'));
  t.throws(() => parseFlags(['--port', 'x'], specs), new UsageError('flag --port: "x" is not a number'));
  t.throws(() => parseFlags(['--verbose=maybe'], specs), new UsageError('flag --verbose: "maybe" is not true or false'));
});

t.test('help text lists every flag with its default', async (t) => {
  const text = describeFlags(specs);
  t.match(text, /--data-dir DIR\s+dir/);
  t.match(text, /--port NUMBER\s+port \(default 6443\)/);
  t.match(text, /--verbose\s+talk/);
});
