import t from 'tap';
import { backendData, leaseAnnotations, nodeLease } from '../../../../../src/reference/node/network/flannel/flannel-annotations.ts';
import { sameLease } from '../../../../../src/reference/node/network/flannel/peer-lease.ts';

const mac = '6a:df:de:26:8a:87';

t.test('the annotations a node publishes, as flannel writes them', async (t) => {
  t.same(leaseAnnotations({ publicIP: '192.168.1.2', backend: 'vxlan', vxlan: { vni: 1, vtepMAC: mac } }), {
    'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${mac}"}`,
    'flannel.alpha.coreos.com/backend-type': 'vxlan',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': '192.168.1.2',
  });
  t.equal(backendData({ publicIP: '192.168.1.2', backend: 'host-gw' }), 'null', 'host-gw has no backend data');
});

t.test('a Node is a lease once it has a podCIDR and flannel annotations', async (t) => {
  const annotations = leaseAnnotations({ publicIP: '192.168.1.3', backend: 'vxlan', vxlan: { vni: 1, vtepMAC: mac } });
  const node = { metadata: { name: 'n1', annotations }, spec: { podCIDR: '10.244.1.0/24' } };
  t.same(nodeLease(node), { node: 'n1', subnet: '10.244.1.0/24', publicIP: '192.168.1.3', backend: 'vxlan', vtepMAC: mac });
  t.equal(nodeLease({ metadata: { name: 'n1', annotations } }), undefined, 'no podCIDR yet');
  t.equal(nodeLease({ ...node, metadata: { name: 'n1' } }), undefined, 'not annotated yet');
  const notManaged = { ...annotations, 'flannel.alpha.coreos.com/kube-subnet-manager': 'false' };
  t.equal(nodeLease({ ...node, metadata: { name: 'n1', annotations: notManaged } }), undefined, 'not the kube subnet manager');
  const broken = { ...annotations, 'flannel.alpha.coreos.com/backend-data': '{' };
  t.equal(nodeLease({ ...node, metadata: { name: 'n1', annotations: broken } }), undefined, 'vxlan without a VtepMAC');
  const hostGw = leaseAnnotations({ publicIP: '192.168.1.3', backend: 'host-gw' });
  t.same(nodeLease({ ...node, metadata: { name: 'n1', annotations: hostGw } }), { node: 'n1', subnet: '10.244.1.0/24', publicIP: '192.168.1.3', backend: 'host-gw' });
  const lease = nodeLease(node)!;
  t.ok(sameLease(lease, { ...lease }));
  t.notOk(sameLease(lease, { ...lease, vtepMAC: '0a:00:00:00:00:01' }), 'a new VTEP is a new lease');
});
