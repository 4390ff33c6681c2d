// What every kdrill command declares: its name, one line of purpose, its
// flags, and the function that runs it. Exit codes are the README's.
import type { FlagSpec, ParsedArgs } from './flags.ts';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  run(args: ParsedArgs): Promise<number>;
}

/** kdrill's exit codes (README, "Exit codes"). */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  infrastructure: 3,
} as const;
