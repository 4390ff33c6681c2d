// crun ends with the container process's exit code, or 128 + the signal
// number when a signal ended it (as a shell reports it).
import { constants } from 'node:os';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** The signal an exit code of crun stands for, if it stands for one. */
export function signalOfExitCode(exitCode: number): string | undefined {
  return exitCode > 128 ? SIGNAL_NAMES.get(exitCode - 128) : undefined;
}

/** A child's end as one exit code: its code, or 128 + the signal that ended it. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
}
