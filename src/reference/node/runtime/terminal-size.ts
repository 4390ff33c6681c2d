// Sets the window size of the terminal a process has as stdin, which also
// sends SIGWINCH to the terminal's foreground process group.
import { execa } from 'execa';

export async function setTerminalSize(pid: number, columns: number, rows: number): Promise<void> {
  await execa('stty', ['-F', `/proc/${pid}/fd/0`, 'cols', String(columns), 'rows', String(rows)], { reject: false });
}
