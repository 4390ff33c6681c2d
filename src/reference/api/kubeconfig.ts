// The kubeconfig of a reference cluster: one cluster entry with the CA
// embedded, a user that authenticates with its client certificate (the
// default context) and, when a token is given, one that authenticates with
// that bearer token.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { CertificateAndKey } from './pki.ts';

export interface KubeconfigOptions {
  /** The cluster's name; entries are named kdrill-<name> and kdrill-<name>-token. */
  readonly name: string;
  /** The API server's URL, e.g. https://127.0.0.1:6443. */
  readonly server: string;
  /** PEM of the CA that signed the server's certificate. */
  readonly caCertificate: string;
  readonly clientCertificate: CertificateAndKey;
  readonly token?: string;
  /** The namespace the contexts default to; kubectl's own default when absent. */
  readonly namespace?: string;
}

export interface KubeconfigNames {
  readonly cluster: string;
  /** Context and user authenticating with the client certificate (the current context). */
  readonly certificateContext: string;
  /** Context and user authenticating with the bearer token. */
  readonly tokenContext: string;
}

export function kubeconfigNames(name: string): KubeconfigNames {
  return { cluster: `kdrill-${name}`, certificateContext: `kdrill-${name}`, tokenContext: `kdrill-${name}-token` };
}

function base64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/** The kubeconfig as YAML. Throws TypeError for an empty name or a server URL that is not https. */
export function buildKubeconfig(options: KubeconfigOptions): string {
  if (options.name === '') throw new TypeError('a kubeconfig needs a cluster name');
  if (!URL.canParse(options.server) || new URL(options.server).protocol !== 'https:') {
    throw new TypeError(`server "${options.server}" is not an https URL, e.g. https://127.0.0.1:6443`);
  }
  const names = kubeconfigNames(options.name);
  const context = (user: string) => ({
    cluster: names.cluster,
    user,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: names.cluster, cluster: { server: options.server, 'certificate-authority-data': base64(options.caCertificate) } }],
    users: [
      {
        name: names.certificateContext,
        user: {
          'client-certificate-data': base64(options.clientCertificate.cert),
          'client-key-data': base64(options.clientCertificate.key),
        },
      },
      ...(options.token === undefined ? [] : [{ name: names.tokenContext, user: { token: options.token } }]),
    ],
    contexts: [
      { name: names.certificateContext, context: context(names.certificateContext) },
      ...(options.token === undefined ? [] : [{ name: names.tokenContext, context: context(names.tokenContext) }]),
    ],
    'current-context': names.certificateContext,
  }, { lineWidth: 0 });
}

/** Writes the kubeconfig (mode 0600, through a rename so readers never see half of it). */
export async function writeKubeconfig(path: string, options: KubeconfigOptions): Promise<void> {
  const text = buildKubeconfig(options);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}
