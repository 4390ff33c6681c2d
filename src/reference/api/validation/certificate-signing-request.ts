// certificates.k8s.io/v1 CertificateSigningRequests: a PEM certificate
// request, a fully qualified signerName, known usages, expirationSeconds of at
// least ten minutes; conditions of known types where Approved and Denied
// exclude each other, and an approval never taken back.
import { child, index } from './field-path.ts';
import { arr, obj, objs, optNum, str, type Obj } from './object-access.ts';
import { duplicate, forbidden, invalid, notSupported, required, type StatusCause } from './status-cause.ts';

const keyUsages = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];

function requestError(request: string): string | undefined {
  const pem = Buffer.from(request, 'base64').toString('utf8');
  const block = /-----BEGIN ([A-Z ]+)-----\r?\n[\s\S]*?-----END \1-----/.exec(pem);
  if (!block) return 'PEM block type must be CERTIFICATE REQUEST';
  return block[1] === 'CERTIFICATE REQUEST' ? undefined : 'PEM block type must be CERTIFICATE REQUEST';
}

function validateConditions(csr: Obj): StatusCause[] {
  const path = child('status', 'conditions');
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  objs(obj(csr.status).conditions).forEach((c, i) => {
    const type = str(c.type);
    if (!type) causes.push(required(child(index(path, i), 'type')));
    if ((type === 'Approved' || type === 'Denied') && seen.has(type)) causes.push(duplicate(child(index(path, i), 'type'), type));
    seen.add(type);
    if ((type === 'Approved' || type === 'Denied') && str(c.status) !== 'True') causes.push(notSupported(child(index(path, i), 'status'), str(c.status), ['True']));
  });
  if (seen.has('Approved') && seen.has('Denied')) causes.push(invalid(path, objs(obj(csr.status).conditions), 'Approved and Denied conditions are mutually exclusive'));
  return causes;
}

export function validateCertificateSigningRequest(csr: Obj): StatusCause[] {
  const spec = obj(csr.spec);
  const p = (f: string) => child('spec', f);
  const causes: StatusCause[] = [];
  const request = str(spec.request);
  const err = request ? requestError(request) : undefined;
  if (!request) causes.push(required(p('request')));
  else if (err) causes.push(invalid(p('request'), request, err));
  const signer = str(spec.signerName);
  if (!signer) causes.push(required(p('signerName')));
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\/.+$/.test(signer)) {
    causes.push(invalid(p('signerName'), signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
  }
  const usages = arr(spec.usages).map(str);
  usages.forEach((u, i) => {
    if (!keyUsages.includes(u)) causes.push(notSupported(index(p('usages'), i), u, keyUsages));
    else if (usages.indexOf(u) !== i) causes.push(duplicate(index(p('usages'), i), u));
  });
  const expiration = optNum(spec.expirationSeconds);
  if (expiration !== undefined && expiration < 600) causes.push(invalid(p('expirationSeconds'), expiration, 'may not specify a duration less than 600 seconds (10 minutes)'));
  return [...causes, ...validateConditions(csr)];
}

/** Approved or Denied, once set, stays (upstream validateCertificateSigningRequestUpdate). */
export function validateCertificateSigningRequestUpdate(csr: Obj, old: Obj): StatusCause[] {
  const causes = validateCertificateSigningRequest(csr);
  const types = new Set(objs(obj(csr.status).conditions).map((c) => str(c.type)));
  for (const type of ['Approved', 'Denied']) {
    if (objs(obj(old.status).conditions).some((c) => str(c.type) === type) && !types.has(type)) {
      causes.push(forbidden(child('status', 'conditions'), `updates may not remove a condition of type "${type}"`));
    }
  }
  return causes;
}
