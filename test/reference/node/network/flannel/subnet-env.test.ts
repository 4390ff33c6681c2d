import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { readPreviousSubnet, subnetEnvText, writeSubnetEnv } from '../../../../../src/reference/node/network/flannel/subnet-env.ts';

t.test('subnet.env: the subnet by its first address, as flannel writes it', async (t) => {
  const env = { network: '10.244.0.0/16', subnet: '10.244.2.0/24', mtu: 1450, ipMasq: true };
  t.equal(subnetEnvText(env), 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.2.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
  const path = join(t.testdir(), 'run', 'flannel', 'subnet.env');
  await writeSubnetEnv(path, env);
  t.equal(await readFile(path, 'utf8'), subnetEnvText(env), 'the folder is made and the file written');
});

t.test('subnet.env read back: the subnet of FLANNEL_SUBNET, or nothing', async (t) => {
  const dir = t.testdir({
    written: 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.2.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n',
    broken: 'FLANNEL_SUBNET=nonsense\n',
    without: 'FLANNEL_NETWORK=10.244.0.0/16\n',
  });
  t.equal(await readPreviousSubnet(join(dir, 'written')), '10.244.2.0/24');
  t.equal(await readPreviousSubnet(join(dir, 'broken')), undefined);
  t.equal(await readPreviousSubnet(join(dir, 'without')), undefined);
  t.equal(await readPreviousSubnet(join(dir, 'absent')), undefined);
});
