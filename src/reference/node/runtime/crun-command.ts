// How every crun invocation is spelled. crun refuses a cgroup v1 host whose
// cgroup2 hierarchy still has controllers ("cgroups in hybrid mode not
// supported"), which is the case here (hugetlb sits on cgroup2), so each call
// runs in a private mount namespace without /sys/fs/cgroup/unified: crun
// then sees plain v1, and the node's own mounts are left alone.
const WITHOUT_UNIFIED_CGROUP = 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$@"';

export interface Command {
  file: string;
  args: string[];
}

export function crunCommand(crunRoot: string, args: string[]): Command {
  return { file: 'unshare', args: ['--mount', 'sh', '-c', WITHOUT_UNIFIED_CGROUP, 'crun', 'crun', '--root', crunRoot, ...args] };
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command run on a pseudo-terminal (util-linux script), whose other side
 * script copies to and from its own stdin and stdout, so the caller has plain
 * pipes. crun needs a terminal there to run a process with a terminal: it
 * gives the process a pseudo-terminal of its own inside the container and
 * copies between the two.
 */
export function onTerminal(command: Command): Command {
  const line = ['exec', command.file, ...command.args].map(shellQuote).join(' ');
  return { file: 'script', args: ['--quiet', '--return', '--command', line, '/dev/null'] };
}
