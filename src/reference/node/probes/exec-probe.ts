// exec probes (pkg/probe/exec): the command run in the container; exit code 0
// is success, anything else a failure whose output is what the command
// printed (stdout and stderr, at most 10 KiB); past the timeout the process is
// killed and the probe fails.
import type { RunningContainer } from '../container-runtime.ts';
import type { ProbeOutcome } from './probe-outcome.ts';

const maxOutputBytes = 10 * 1024;

export async function execProbe(container: RunningContainer, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  let process;
  try {
    process = await container.exec(command, { stdin: false, tty: false });
  } catch (err) {
    return { success: false, output: (err as Error).message };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = (c: Buffer) => {
    if (size < maxOutputBytes) chunks.push(c);
    size += c.length;
  };
  process.stdout.on('data', collect);
  process.stderr?.on('data', collect);
  const outputEnded = new Promise<void>((resolve) => process.stdout.once('close', resolve).once('end', resolve));
  const finished = Promise.all([process.exited, outputEnded]).then(([code]) => code);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    process.kill();
    return { success: false, output: `command "${command.join(' ')}" timed out` };
  }
  const output = Buffer.concat(chunks).subarray(0, maxOutputBytes).toString('utf8');
  return { success: result === 0, output };
}
