import t from 'tap';
import { expand, lookupIn } from '../../../src/reference/node/env-expansion.ts';

t.test('$(VAR) expansion as upstream’s expansion package', async (t) => {
  const lookup = lookupIn(new Map([['A', 'alpha'], ['EMPTY', '']]), new Map([['A', 'shadowed'], ['B', 'beta']]));
  t.equal(expand('$(A)-$(B)', lookup), 'alpha-beta', 'the first source wins');
  t.equal(expand('$(EMPTY)x', lookup), 'x', 'an empty value is a value');
  t.equal(expand('$(MISSING)', lookup), '$(MISSING)', 'an undefined name stays as written');
  t.equal(expand('$$(A)', lookup), '$(A)', '$$ escapes');
  t.equal(expand('$$$(A)', lookup), '$alpha');
  t.equal(expand('cost: $5 $', lookup), 'cost: $5 $', 'other dollars stay');
  t.equal(expand('$(A', lookup), '$(A', 'an unclosed reference stays');
  t.equal(expand('', lookup), '');
});
