import t from 'tap';
import { findByKind } from '../../../../src/reference/api/resources.ts';
import { invalidMessage } from '../../../../src/reference/api/validation/invalid-message.ts';
import { required } from '../../../../src/reference/api/validation/status-cause.ts';

const pods = findByKind('v1', 'Pod')!;
const deployments = findByKind('apps/v1', 'Deployment')!;

t.test('one cause: no brackets; the kind is qualified by its group', async (t) => {
  t.equal(invalidMessage(deployments, 'web', [required('spec.selector')]), 'Deployment.apps "web" is invalid: spec.selector: Required value');
});

t.test('several causes are listed in brackets, repeats once', async (t) => {
  const causes = [required('spec.containers[0].image'), required('spec.containers[1].image'), required('spec.containers[0].image')];
  t.equal(invalidMessage(pods, 'x', causes), 'Pod "x" is invalid: [spec.containers[0].image: Required value, spec.containers[1].image: Required value]');
});

t.test('no causes, and names that need quoting', async (t) => {
  t.equal(invalidMessage(pods, '', []), 'Pod "" is invalid');
  t.equal(invalidMessage(pods, 'a"b', []), 'Pod "a\\"b" is invalid');
});
