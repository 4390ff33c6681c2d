// The node's local image store, as the kubelet sees it through the CRI image
// service: which images the node holds (for Node status.images and
// imagePullPolicy) and, for one reference, the unpacked root file system and
// the image config a container starts from. No registry is ever contacted:
// images arrive by `kdrill image load` or are built into the node image.

export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  /** KEY=VALUE pairs, as in the OCI image config. */
  env: string[];
  workingDir: string;
  /** "uid", "uid:gid", or a user name from the image's /etc/passwd; '' for root. */
  user: string;
}

export interface NodeImage {
  /** Every reference the image is known by, normalized (docker.io/library/busybox:1.35). */
  names: string[];
  /** sha256:… of the image config, as `docker images --no-trunc` prints it. */
  id: string;
  sizeBytes: number;
}

export interface ResolvedImage extends NodeImage {
  /** Directory holding the unpacked root file system; read-only, used as an overlay lower dir. */
  rootfs: string;
  config: ImageConfig;
}

export interface ImageStore {
  list(): Promise<NodeImage[]>;
  /** The image a reference names (normalized as the kubelet does: busybox → docker.io/library/busybox:latest), or undefined. */
  resolve(reference: string): Promise<ResolvedImage | undefined>;
}
