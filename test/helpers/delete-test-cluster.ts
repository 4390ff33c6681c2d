// tap's `after` script (.taprc): deletes the reference cluster in containers
// that the run's tests shared (test/helpers/container-cluster.ts), if one was made.
import { deleteSharedTestCluster } from './container-cluster.ts';

await deleteSharedTestCluster();
