// CertificateSigningRequests with the real kubectl: `kubectl certificate
// approve` and `deny` write the approval subresource, which changes the
// conditions and nothing else; Approved and Denied exclude each other.
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { startKubeCli } from '../../helpers/kube-cli.ts';

const cli = await startKubeCli(t);
const { kubectl } = cli;

// Only the PEM block type is checked; the content stands in for a DER request.
const request = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIBWTCBwwIBADAaMRgwFgYDVQQDDA9rZHJpbGwtdGVzdC11c2Vy\n-----END CERTIFICATE REQUEST-----\n').toString('base64');

function csr(name: string): string {
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 86400 },
  });
}

interface Csr {
  spec: { request: string; usages: string[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

t.test('approve and deny go through the approval subresource', async (t) => {
  for (const name of ['alice', 'bob']) t.equal((await kubectl(['create', '-f', '-'], { input: csr(name) })).exitCode, 0);
  const approved = await kubectl(['certificate', 'approve', 'alice']);
  t.equal(approved.exitCode, 0, approved.stderr);
  t.equal(approved.stdout.trim(), 'certificatesigningrequest.certificates.k8s.io/alice approved');
  const alice = parseYaml((await kubectl(['get', 'csr', 'alice', '-o', 'yaml'])).stdout) as Csr;
  t.match(alice.status?.conditions, [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' }]);
  t.equal(alice.spec.request, request, 'the spec is untouched');

  t.equal((await kubectl(['certificate', 'deny', 'bob'])).exitCode, 0);
  const bob = parseYaml((await kubectl(['get', 'csr', 'bob', '-o', 'yaml'])).stdout) as Csr;
  t.match(bob.status?.conditions, [{ type: 'Denied', status: 'True', reason: 'KubectlDeny' }]);

  const both = await kubectl(['certificate', 'deny', 'alice']);
  t.not(both.exitCode, 0);
  t.match(both.stderr, /Approved and Denied conditions are mutually exclusive|is already Approved/);
});

t.test('validation: the request must be a certificate request PEM, the signer qualified, usages known', async (t) => {
  const bad = JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'bad' },
    spec: { request: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64'), signerName: 'signer', usages: ['flying'], expirationSeconds: 60 },
  });
  const r = await kubectl(['create', '-f', '-'], { input: bad });
  t.not(r.exitCode, 0);
  t.match(r.stderr, /spec.request: Invalid value: .*PEM block type must be CERTIFICATE REQUEST/);
  t.match(r.stderr, /spec.signerName: Invalid value: "signer": must be a fully qualified domain and path of the form 'example.com\/signer-name'/);
  t.match(r.stderr, /spec.usages\[0\]: Unsupported value: "flying"/);
  t.match(r.stderr, /spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds \(10 minutes\)/);
});
