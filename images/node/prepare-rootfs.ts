// Run by images/node/Dockerfile inside the image being built: adds kdrill's
// entrypoint, mount points and the workload images' store to "/", exactly as
// `kdrill image build` does to its debootstrap file system.
import { prepareNodeRootfs } from '../../src/reference/images/build-node-image.ts';

await prepareNodeRootfs('/', (m) => process.stderr.write(`${m}\n`));
