import t from 'tap';
import { definitionName, groupOfPackage, packageOfGroup, parseDefinitionName } from '../../../../src/reference/api/schema/definition-names.ts';

t.test('groups and packages', async (t) => {
  const pairs: [string, string][] = [
    ['', 'core'],
    ['apps', 'apps'],
    ['batch', 'batch'],
    ['autoscaling', 'autoscaling'],
    ['policy', 'policy'],
    ['events.k8s.io', 'events'],
    ['discovery.k8s.io', 'discovery'],
    ['rbac.authorization.k8s.io', 'rbac'],
    ['flowcontrol.apiserver.k8s.io', 'flowcontrol'],
    ['internal.apiserver.k8s.io', 'apiserverinternal'],
    ['apiextensions.k8s.io', 'apiextensions'],
  ];
  for (const [group, pkg] of pairs) {
    t.equal(packageOfGroup(group), pkg, `group ${group || "''"}`);
    t.equal(groupOfPackage(pkg), group, `package ${pkg}`);
  }
  t.equal(groupOfPackage('meta'), '');
});

t.test('definition names', async (t) => {
  const names: [string, string, string, string][] = [
    ['core', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['events', 'v1', 'Event', 'io.k8s.api.events.v1.Event'],
    ['resource', 'v1beta2', 'DeviceClass', 'io.k8s.api.resource.v1beta2.DeviceClass'],
    ['meta', 'v1', 'ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['apiextensions', 'v1', 'CustomResourceDefinition', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
    ['apiregistration', 'v1', 'APIService', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService'],
  ];
  for (const [pkg, version, kind, name] of names) {
    t.equal(definitionName(pkg, version, kind), name);
    t.same(parseDefinitionName(name), { pkg, version, kind });
  }
  t.equal(parseDefinitionName('io.k8s.apimachinery.pkg.api.resource.Quantity'), undefined);
  t.equal(parseDefinitionName('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), undefined);
});
