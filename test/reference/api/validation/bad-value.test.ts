import t from 'tap';
import { goJson, goQuote, PrintedValue, renderBadValue } from '../../../../src/reference/api/validation/bad-value.ts';

t.test('strings are quoted as Go %q quotes them', async (t) => {
  t.equal(goQuote('web'), '"web"');
  t.equal(goQuote('say "hi"\\'), '"say \\"hi\\"\\\\"');
  t.equal(goQuote('a\nb\tc\x00\x7f'), '"a\\nb\\tc\\x00\\x7f"');
  t.equal(goQuote('héllo ☃'), '"héllo ☃"', 'printable unicode stays');
  t.equal(goQuote('\u200b'), '"\\u200b"', 'non-printable unicode is escaped');
});

t.test('other values print as Go\'s json.Marshal writes them', async (t) => {
  t.equal(goJson({ b: 1, a: [true, null], c: { z: 'x<y', y: 'a&b' } }), '{"a":[true,null],"b":1,"c":{"y":"a\\u0026b","z":"x\\u003cy"}}');
  t.equal(renderBadValue(70000), '70000');
  t.equal(renderBadValue(false), 'false');
  t.equal(renderBadValue(null), 'null');
  t.equal(renderBadValue({ app: 'web' }), '{"app":"web"}');
  t.equal(renderBadValue(['a', 'b']), '["a","b"]');
  t.equal(renderBadValue(new PrintedValue('{"Type":"x"}')), '{"Type":"x"}');
});
