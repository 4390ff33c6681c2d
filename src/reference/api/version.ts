// The Kubernetes release the reference API server presents itself as: in
// /version, in the OpenAPI documents and wherever clients compare versions.

import { arch, platform, version as nodeVersion } from 'node:process';

export const kubernetesVersion = 'v1.34.0';

const [major, minor] = kubernetesVersion.slice(1).split('.') as [string, string];

const goArchitectures: Record<string, string> = { x64: 'amd64', ia32: '386' };

/**
 * The body of GET /version (io.k8s.apimachinery.pkg.version.Info). The build
 * fields say what actually runs: no Git build of Kubernetes, but Node.js.
 */
export function versionInfo(): Record<string, string> {
  return {
    major,
    minor,
    emulationMajor: major,
    emulationMinor: minor,
    minCompatibilityMajor: major,
    minCompatibilityMinor: String(Number(minor) - 1),
    gitVersion: kubernetesVersion,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: nodeVersion,
    compiler: 'node',
    platform: `${platform}/${goArchitectures[arch] ?? arch}`,
  };
}
