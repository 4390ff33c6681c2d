import t from 'tap';
import { labelSelectorFromObject, parseLabelSelector, SelectorError } from '../../../../src/reference/api/selectors/index.ts';

t.test('a missing selector matches nothing and an empty one everything', async (t) => {
  for (const missing of [null, undefined]) {
    const selector = labelSelectorFromObject(missing);
    t.notOk(selector.matches({}), `${missing} matches no object`);
    t.notOk(selector.matches({ app: 'web' }));
    t.notOk(selector.matchesEverything());
  }
  for (const empty of [{}, { matchLabels: {}, matchExpressions: [] }, { matchLabels: null, matchExpressions: null }]) {
    const selector = labelSelectorFromObject(empty);
    t.ok(selector.matches({ app: 'web' }), JSON.stringify(empty));
    t.ok(selector.matchesEverything());
  }
});

t.test('matchLabels and matchExpressions become the same matcher as the string syntax', async (t) => {
  const cases: [Parameters<typeof labelSelectorFromObject>[0], string][] = [
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [{ matchLabels: { tier: 'front', app: 'web' } }, 'app=web,tier=front'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, 'env in (dev,prod)'],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['test'] }] }, 'env notin (test)'],
    [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, 'gpu'],
    [{ matchExpressions: [{ key: 'spot', operator: 'DoesNotExist', values: [] }] }, '!spot'],
    [{
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }, { key: 'canary', operator: 'DoesNotExist' }],
    }, 'app=web,!canary,env in (prod)'],
  ];
  const objects: Record<string, string>[] = [{}, { app: 'web' }, { app: 'web', env: 'prod' }, { app: 'web', env: 'dev', gpu: '1' }, { env: 'test', spot: 'yes' }, { app: 'web', env: 'prod', canary: 'x' }];
  for (const [object, text] of cases) {
    const selector = labelSelectorFromObject(object);
    t.equal(selector.toString(), text, text);
    const parsed = parseLabelSelector(text);
    for (const labels of objects) t.equal(selector.matches(labels), parsed.matches(labels), `${text} on ${JSON.stringify(labels)}`);
  }
});

t.test('invalid selectors give upstream messages', async (t) => {
  const cases: [Parameters<typeof labelSelectorFromObject>[0], string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }, '"in" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] }, 'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist'],
    [{ matchLabels: { '/a': 'b' } }, 'key: Invalid value: "/a": prefix part must be non-empty'],
    [{ matchLabels: { '/a': '-b' } }, '[key: Invalid value: "/a": prefix part must be non-empty, values[0][/a]: Invalid value: "-b": ' +
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
      "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"],
  ];
  for (const [object, message] of cases) t.throws(() => labelSelectorFromObject(object), new SelectorError(message), JSON.stringify(object));
});
