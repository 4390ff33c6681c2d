// Reads the declarations of the kubernetes-models packages, which were generated
// from the Kubernetes OpenAPI documents of several releases and keep what
// @kubernetes/client-node drops: the full definition name of every type, the
// description of properties that hold another type, and which strings are
// Quantities. The set of types is older than client-node's, so it only fills
// gaps.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definitionName } from '../definition-names.ts';
import { readDeclarations, type DeclaredProperty } from './declaration-docs.ts';

export interface KnownDefinition {
  /** The OpenAPI definition name. */
  name: string;
  description?: string;
  properties: Map<string, DeclaredProperty>;
}

const unversionedNames: Record<string, string> = {
  IoK8sApimachineryPkgApiResourceQuantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IoK8sApimachineryPkgUtilIntstrIntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  IoK8sApimachineryPkgRuntimeRawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  IoK8sApimachineryPkgVersionInfo: 'io.k8s.apimachinery.pkg.version.Info',
};

const versionedName = /^IoK8s(?:(ApimachineryPkgApisMeta)|(ApiextensionsApiserverPkgApisApiextensions)|(KubeAggregatorPkgApisApiregistration)|Api([A-Z][a-z]+))(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/;

/** The definition name for a kubernetes-models identifier such as IoK8sApiCoreV1PodSpec. */
function definitionNameOfIdentifier(identifier: string): string | undefined {
  const unversioned = unversionedNames[identifier];
  if (unversioned) return unversioned;
  const m = versionedName.exec(identifier);
  if (!m) return undefined;
  const pkg = m[1] ? 'meta' : m[2] ? 'apiextensions' : m[3] ? 'apiregistration' : m[4]!.toLowerCase();
  return definitionName(pkg, m[5]!.toLowerCase(), m[6]!);
}

/** Undoes kubernetes-models' escaping of comment text. */
function unescapeDoc(text: string): string {
  return text.replace(/\\([*/])/g, '$1');
}

const exportLine = /^export (?:type )?\{ (\w+) as I(IoK8s\w+),/m;

function packageDirectory(specifier: string): string {
  return dirname(fileURLToPath(import.meta.resolve(specifier)));
}

function declarationFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.d.ts') && !f.startsWith('_schemas'))
    .sort()
    .map((f) => join(directory, f));
}

/** Every definition the kubernetes-models packages declare, by definition name. */
export function readKubernetesModels(): Map<string, KnownDefinition> {
  const result = new Map<string, KnownDefinition>();
  const files = [
    ...declarationFiles(packageDirectory('kubernetes-models')),
    ...declarationFiles(packageDirectory('@kubernetes-models/apimachinery')),
  ];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const exported = exportLine.exec(source);
    if (!exported) continue;
    const name = definitionNameOfIdentifier(exported[2]!);
    if (!name) throw new Error(`${file}: cannot name the definition of ${exported[2]}`);
    const declaration = readDeclarations(source, unescapeDoc).find((d) => d.name === exported[1]);
    if (!declaration) throw new Error(`${file}: no declaration of ${exported[1]}`);
    const known: KnownDefinition = { name, properties: declaration.properties };
    if (declaration.description !== undefined) known.description = declaration.description;
    result.set(name, known);
  }
  return result;
}

/** The definition a property's type refers to, when it names one (IIoK8s... identifiers). */
export function referencedDefinition(property: DeclaredProperty): string | undefined {
  const m = /\bI(IoK8s\w+)/.exec(property.typeText);
  return m ? definitionNameOfIdentifier(m[1]!) : undefined;
}
