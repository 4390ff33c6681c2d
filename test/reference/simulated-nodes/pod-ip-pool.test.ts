import t from 'tap';
import { PodIpPool } from '../../../src/reference/simulated-nodes/pod-ip-pool.ts';

t.test('pod addresses skip the network, gateway and broadcast addresses and are reused once freed', async (t) => {
  const pool = new PodIpPool('10.244.3.0/29');
  const given = [pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()];
  t.same(given, ['10.244.3.2', '10.244.3.3', '10.244.3.4', '10.244.3.5', '10.244.3.6']);
  t.equal(pool.allocate(), undefined, 'used up');
  pool.release('10.244.3.4');
  t.equal(pool.allocate(), '10.244.3.4');
  t.throws(() => new PodIpPool('10.244.3.0/31'), /not an IPv4 CIDR of \/30 or larger/);
});
