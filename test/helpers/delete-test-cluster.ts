// tap's `after` script (.taprc): deletes the reference clusters in containers
// that the run's tests made (test/helpers/container-cluster.ts): the shared one,
// and any a test did not get to delete.
import { deleteTestClusters } from './container-cluster.ts';

await deleteTestClusters();
