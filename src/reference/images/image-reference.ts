// Image references normalized as the kubelet and containerd see them
// (github.com/distribution/reference ParseNormalizedNamed + TagNameOnly):
// busybox → docker.io/library/busybox:latest, me/app:1 → docker.io/me/app:1,
// localhost:5000/app stays on its registry, a digest reference keeps its digest.

const defaultDomain = 'docker.io';
const officialRepositoryPrefix = 'library/';
const defaultTag = 'latest';

export function normalizeImageReference(reference: string): string {
  let rest = reference.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at);
    rest = rest.slice(0, at);
  }
  // A tag is a ':' after the last '/', so that a registry port is not taken for one.
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasDomain = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let name = hasDomain ? rest : `${defaultDomain}/${rest}`;
  if (name.startsWith(`${defaultDomain}/`) && !name.slice(defaultDomain.length + 1).includes('/')) {
    name = `${defaultDomain}/${officialRepositoryPrefix}${name.slice(defaultDomain.length + 1)}`;
  }
  if (!tag && !digest) tag = defaultTag;
  return `${name}${tag ? `:${tag}` : ''}${digest}`;
}
