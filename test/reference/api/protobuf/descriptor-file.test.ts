import t from 'tap';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { inlineOption, nullableOption, omitemptyOption } from '../../../../src/reference/api/protobuf/field-options.ts';
import { renderDescriptorFile } from '../../../../src/reference/api/protobuf/descriptor-file.ts';
import { readKubectlBinary } from '../../../../src/reference/api/protobuf/kubectl-binary.ts';
import { descriptorFilePath, messageType } from '../../../../src/reference/api/protobuf/schema.ts';

const committed = readFileSync(descriptorFilePath, 'utf8');

t.test('the committed file is what generate.ts makes from the kubectl in node_modules', async (t) => {
  const kubectl = readKubectlBinary();
  t.equal(renderDescriptorFile(kubectl.bytes, kubectl.source), committed, 'run `node src/reference/api/protobuf/generate.ts` and commit the result');
});

t.test('it holds the served group versions and the apimachinery files they import (runtime/schema declares no message)', async (t) => {
  const json = JSON.parse(committed) as protobuf.INamespace;
  const packages: string[] = [];
  const walk = (namespace: protobuf.INamespace, path: string[]): void => {
    const nested = Object.entries(namespace.nested ?? {});
    if (nested.some(([, child]) => 'fields' in child)) packages.push(path.join('.'));
    for (const [name, child] of nested) if (!('fields' in child)) walk(child as protobuf.INamespace, [...path, name]);
  };
  walk(json, []);
  t.strictSame(packages.filter((p) => p.startsWith('k8s.io.apimachinery')).sort(), [
    'k8s.io.apimachinery.pkg.api.resource',
    'k8s.io.apimachinery.pkg.apis.meta.v1',
    'k8s.io.apimachinery.pkg.runtime',
    'k8s.io.apimachinery.pkg.util.intstr',
  ]);
  t.ok(packages.includes('k8s.io.api.core.v1') && packages.includes('k8s.io.api.apps.v1') && packages.includes('k8s.io.api.autoscaling.v2'));
  t.notOk(packages.some((p) => /beta|alpha/.test(p)), 'stable versions only');
});

function field(typeName: string, name: string): protobuf.Field {
  const found = messageType(typeName).fields[name];
  if (!found) throw new Error(`${typeName} has no field ${name}`);
  return found;
}

t.test('field names are JSON names', async (t) => {
  t.ok(field('k8s.io.api.networking.v1.IngressClassParametersReference', 'apiGroup'), 'proto name aPIGroup');
  t.ok(field('k8s.io.api.authentication.v1.BoundObjectReference', 'uid'), 'proto name uID');
  t.ok(field('k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration', 'webhooks'), 'proto name Webhooks');
  t.ok(field('k8s.io.api.core.v1.DaemonEndpoint', 'Port'), 'its JSON name is Port too');
});

t.test('field options carry what Go JSON needs', async (t) => {
  const options = (typeName: string, name: string) => field(typeName, name).options ?? {};
  t.equal(options('k8s.io.api.core.v1.Volume', 'volumeSource')[inlineOption], true);
  t.equal(options('k8s.io.api.core.v1.Probe', 'handler')[inlineOption], true);
  t.equal(options('k8s.io.api.core.v1.SecretKeySelector', 'localObjectReference')[inlineOption], true);
  t.equal(options('k8s.io.api.core.v1.ConfigMap', 'metadata')[inlineOption], undefined, 'ObjectMeta is embedded under a name');
  t.equal(options('k8s.io.api.core.v1.WeightedPodAffinityTerm', 'podAffinityTerm')[inlineOption], undefined, 'named after its type, not embedded');
  t.equal(options('k8s.io.api.core.v1.ContainerPort', 'hostPort')[nullableOption], false);
  t.equal(options('k8s.io.api.core.v1.ContainerPort', 'hostPort')[omitemptyOption], true);
  t.equal(options('k8s.io.api.core.v1.ContainerPort', 'containerPort')[omitemptyOption], false);
  t.equal(options('k8s.io.api.apps.v1.DeploymentStatus', 'replicas')[omitemptyOption], undefined, 'structs tag replicas 1 both ways');
  t.strictSame(options('k8s.io.api.apps.v1.DeploymentSpec', 'replicas'), {}, 'a pointer');
});
