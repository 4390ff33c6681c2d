import t from 'tap';
import { parseLabelSelector, SelectorError } from '../../../../src/reference/api/selectors/index.ts';

const nameMessage =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

t.test('valid selectors parse to upstream canonical form', async (t) => {
  const cases: [string, string][] = [
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a in (x,y)', 'a in (x,y)'],
    ['a notin (x)', 'a notin (x)'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a>1', 'a>1'],
    ['a<1', 'a<1'],
    ['a=', 'a='],
    ['a==', 'a=='],
    ['z=1,a=2', 'a=2,z=1'],
    ['  a = b ,\tc in ( y , x , y ) \n', 'a=b,c in (x,y)'],
    ['a in(x)', 'a in (x)'],
    ['a notin(x)', 'a notin (x)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['a in (x,)', 'a in (,x)'],
    ['a in (,x)', 'a in (,x)'],
    ['in in (in,notin)', 'in in (in,notin)'],
    ['!in', '!in'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a=b\0c=d', 'a=b'],
  ];
  for (const [input, canonical] of cases) t.equal(parseLabelSelector(input).toString(), canonical, JSON.stringify(input));
});

t.test('invalid selectors give upstream messages', async (t) => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a!', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a=b,,c', "found ',', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (x y)', "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ['a in (x,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a>b', `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a<99999999999999999999', `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a>-1', `unable to parse requirement: values[0][a]: Invalid value: "-1": ${valueMessage}`],
    ['a=B@', `unable to parse requirement: values[0][a]: Invalid value: "B@": ${valueMessage}`],
    ['a in (ok,-bad)', `unable to parse requirement: values[0][a]: Invalid value: "-bad": ${valueMessage}`],
    [`a=${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${nameMessage}`],
    ['-a', `unable to parse requirement: <nil>: Invalid value: "-a": ${nameMessage}`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['a/', `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; ${nameMessage}`],
    ['a/b/c', 'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ' +
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
      "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') " +
      "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
    ['app.kubernetes_io/name=x', 'unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part ' +
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
      "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    [`${'k'.repeat(64)}=v`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
  ];
  for (const [input, message] of cases) t.throws(() => parseLabelSelector(input), new SelectorError(message), JSON.stringify(input));
});

t.test('requirements match labels as upstream does', async (t) => {
  const labels = { app: 'web', tier: 'front', replicas: '3', empty: '' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (db,web)', true],
    ['app in (db)', false],
    ['missing in (x)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['empty=', true],
    ['empty in ()', true],
    ['missing=', false],
    ['replicas>2', true],
    ['replicas>3', false],
    ['replicas<4', true],
    ['replicas<3', false],
    ['app>1', false],
    ['missing<10', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ];
  const big = { n: '9223372036854775807' };
  for (const [selector, expected] of cases) t.equal(parseLabelSelector(selector).matches(labels), expected, selector);
  t.ok(parseLabelSelector('n>9223372036854775806').matches(big), 'int64 comparisons are exact');
  t.notOk(parseLabelSelector('n>1').matches({ n: '9223372036854775808' }), 'a label beyond int64 is not a number');
  t.ok(parseLabelSelector('!a').matches(undefined), 'an object without labels has none of them');
  t.notOk(parseLabelSelector('a').matches(undefined));
  t.notOk(parseLabelSelector('toString').matches({}), 'only own labels count');
});

t.test('the parsed requirements are sorted by key with sorted, distinct values', async (t) => {
  const selector = parseLabelSelector('b in (z,y,z),a');
  t.same(selector.requirements, [
    { key: 'a', operator: 'exists', values: [] },
    { key: 'b', operator: 'in', values: ['y', 'z'] },
  ]);
  t.ok(parseLabelSelector('').matchesEverything());
  t.notOk(selector.matchesEverything());
});
