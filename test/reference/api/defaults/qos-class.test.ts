import t from 'tap';
import { podQOSClass } from '../../../../src/reference/api/defaults/qos-class.ts';

const container = (resources: object) => ({ name: 'c', image: 'i', resources });

t.test('QoS classes', async (t) => {
  t.equal(podQOSClass({ containers: [container({})] }), 'BestEffort');
  t.equal(podQOSClass({ containers: [container({ requests: { cpu: '0' } })] }), 'BestEffort', 'zero requests count for nothing');
  t.equal(podQOSClass({ containers: [container({ requests: { cpu: '100m' } })] }), 'Burstable');
  t.equal(podQOSClass({ containers: [container({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } })] }), 'Guaranteed');
  t.equal(podQOSClass({ containers: [container({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })] }), 'Guaranteed', 'equal in value');
  t.equal(podQOSClass({ containers: [container({ limits: { cpu: '1' }, requests: { cpu: '1' } })] }), 'Burstable', 'memory not limited');
  t.equal(podQOSClass({
    containers: [container({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } })],
    initContainers: [container({ requests: { cpu: '1' } })],
  }), 'Burstable', 'init containers count');
  t.equal(podQOSClass({ containers: [container({ limits: { 'example.com/gpu': '1' } })] }), 'BestEffort', 'only cpu and memory count');
  t.equal(podQOSClass({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, containers: [container({})] }), 'Guaranteed', 'pod-level resources decide');
});
