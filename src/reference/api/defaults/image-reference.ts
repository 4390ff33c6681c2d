// The tag of a container image reference, read the way the kubelet's
// parsers.ParseImageName (docker/distribution's normalized reference) reads
// it: "latest" when neither a tag nor a digest is given, "" when there is only
// a digest or the reference does not parse.

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const repositoryName = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const reference = new RegExp(`^(${repositoryName})(?::(${tag}))?(?:@(${digest}))?$`);
const hexIdentifier = /^[a-f0-9]{64}$/;

/** The part before the first '/' is a registry when it looks like a host. */
function splitDomain(image: string): { domain: string; remainder: string } {
  const i = image.indexOf('/');
  const first = i === -1 ? '' : image.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: 'docker.io', remainder: image };
  }
  return { domain: first, remainder: image.slice(i + 1) };
}

export function imageTag(image: string): string {
  if (hexIdentifier.test(image)) return '';
  const { domain: host, remainder } = splitDomain(image);
  const repository = remainder.replace(/[:@].*$/, '');
  if (repository !== repository.toLowerCase()) return '';
  const m = reference.exec(`${host}/${remainder}`);
  if (!m || (m[1] ?? '').length > 255) return '';
  const [, , tagged, digested] = m;
  if (tagged) return tagged;
  return digested ? '' : 'latest';
}
