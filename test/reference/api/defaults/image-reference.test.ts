import t from 'tap';
import { imageTag } from '../../../../src/reference/api/defaults/image-reference.ts';

t.test('the tag of an image reference', async (t) => {
  const cases: [string, string][] = [
    ['nginx', 'latest'], ['nginx:latest', 'latest'], ['nginx:1.27', '1.27'], ['library/nginx', 'latest'],
    ['docker.io/library/nginx:alpine', 'alpine'], ['localhost:5000/app', 'latest'], ['registry.k8s.io/pause:3.10', '3.10'],
    ['my.registry:5000/team/app:v1', 'v1'], [`nginx@sha256:${'a'.repeat(64)}`, ''], [`nginx:1.2@sha256:${'a'.repeat(64)}`, '1.2'],
    ['Nginx', ''], ['', ''], ['a'.repeat(64), ''], ['team/App:1', ''],
  ];
  for (const [image, tag] of cases) t.equal(imageTag(image), tag, image || '(empty)');
});
