import t from 'tap';
import { kubernetesVersion, versionInfo } from '../../../src/reference/api/version.ts';

t.test('/version reports the served release', async (t) => {
  const info = versionInfo();
  t.equal(kubernetesVersion, 'v1.34.0');
  t.match(info, { major: '1', minor: '34', gitVersion: 'v1.34.0', emulationMajor: '1', emulationMinor: '34', minCompatibilityMinor: '33' });
  t.match(info.platform, /^[a-z0-9]+\/[a-z0-9]+$/);
});
