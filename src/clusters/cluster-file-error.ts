// A cluster file that kdrill cannot use: names the file, the line, the field
// and the expected form, as "FILE:LINE: FIELD: what is wrong (expected ...)".

export class ClusterFileError extends Error {
  readonly file: string;
  /** 1-based; 0 when the file could not be read at all. */
  readonly line: number;
  /** Dotted path, e.g. spec.nodes[1].taints[0].effect. */
  readonly field: string;

  constructor(file: string, line: number, field: string, problem: string) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ClusterFileError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}
