// Image references normalized as containerd and the kubelet do.
import t from 'tap';
import { normalizeImageReference } from '../../../src/reference/images/image-reference.ts';

t.test('short names get docker.io, library/ and :latest', async (t) => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.35', 'docker.io/library/busybox:1.35'],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['kdrill/probe', 'docker.io/kdrill/probe:latest'],
    ['kdrill/probe:latest', 'docker.io/kdrill/probe:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/team/app:v2', 'localhost:5000/team/app:v2'],
    ['busybox@sha256:abc', 'docker.io/library/busybox@sha256:abc'],
    ['busybox:1.35@sha256:abc', 'docker.io/library/busybox:1.35@sha256:abc'],
  ];
  for (const [input, expected] of cases) t.equal(normalizeImageReference(input), expected, input);
});

t.test('a normalized reference stays as it is', async (t) => {
  for (const ref of ['docker.io/library/busybox:latest', 'quay.io/org/app:1', 'docker.io/kdrill/probe:latest']) {
    t.equal(normalizeImageReference(ref), ref);
  }
});
