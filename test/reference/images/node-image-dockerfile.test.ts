// The two ways of building the node image make the same image: the
// Dockerfile's packages, entrypoint and command are the recipe's.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { nodeImageCommand, nodeImageEntrypoint, nodePackages } from '../../../src/reference/images/node-image-recipe.ts';
import { repoRoot } from '../../helpers/control-plane.ts';

t.test('images/node/Dockerfile follows the recipe', async (t) => {
  const dockerfile = await readFile(join(repoRoot, 'images', 'node', 'Dockerfile'), 'utf8');
  const install = /apt-get install -y --no-install-recommends \\\n\s+([^\n]+?) \\/.exec(dockerfile);
  t.ok(install, 'the Dockerfile installs packages with apt-get');
  t.same(install![1]!.split(/\s+/).sort(), [...nodePackages].sort(), 'the same packages as debootstrap installs');
  t.equal(/^ENTRYPOINT (.+)$/m.exec(dockerfile)?.[1], JSON.stringify(nodeImageEntrypoint));
  t.equal(/^CMD (.+)$/m.exec(dockerfile)?.[1], JSON.stringify(nodeImageCommand));
  t.match(dockerfile, /^FROM debian:bookworm-slim$/m, 'the same Debian release');
  t.match(dockerfile, /prepare-rootfs\.ts/, 'kdrill\'s additions are made by the same code');
});
