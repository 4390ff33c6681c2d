// Container termination messages, as the kubelet gives them
// (kuberuntime_container.go makeMounts, getTerminationMessage): an empty file
// per container run under the pod's directory, bind-mounted at
// terminationMessagePath (default /dev/termination-log); what the container
// wrote there, at most 4096 bytes, becomes state.terminated.message; with
// FallbackToLogsOnError an empty file and a failure give the log's last 80
// lines (at most 2048 bytes) instead.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container } from './pod-types.ts';

const maxMessageBytes = 4096;
const fallbackLines = 80;
const maxFallbackBytes = 2048;

/** Creates the empty file a run's termination message goes to. */
export async function createTerminationMessageFile(podDir: string, container: string): Promise<string> {
  const dir = join(podDir, 'containers', container);
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomBytes(4).toString('hex'));
  await (await open(path, 'w', 0o666)).close();
  return path;
}

async function head(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The message content of CRI log lines ("TIME STREAM TAG content"), partial lines joined. */
function logTail(criLog: string): string {
  const out: string[] = [];
  let partial = '';
  for (const line of criLog.split('\n')) {
    const m = /^\S+ (?:stdout|stderr) ([PF]) (.*)$/.exec(line);
    if (!m) continue;
    partial += m[2];
    if (m[1] === 'F') {
      out.push(partial);
      partial = '';
    }
  }
  const tail = out.slice(-fallbackLines).join('\n');
  return Buffer.from(tail).length > maxFallbackBytes ? Buffer.from(tail).subarray(-maxFallbackBytes).toString('utf8') : tail;
}

export async function terminationMessage(container: Container, messagePath: string | undefined, logPath: string, exitCode: number): Promise<string> {
  const written = messagePath ? await head(messagePath, maxMessageBytes).catch(() => '') : '';
  if (written !== '' || container.terminationMessagePolicy !== 'FallbackToLogsOnError' || exitCode === 0) return written;
  return logTail(await readFile(logPath, 'utf8').catch(() => ''));
}
