// The kdrill command line: picks the sub-command, parses its flags, maps errors to
// the documented exit codes. Messages go to stderr; stdout is for machine output.
import { readFileSync } from 'node:fs';
import { exitCodes, type Command } from './command.ts';
import { cleanCommand } from './commands/clean.ts';
import { clusterCommand } from './commands/cluster.ts';
import { controlPlaneCommand } from './commands/control-plane.ts';
import { dnsServerCommand } from './commands/dns-server.ts';
import { imageCommand } from './commands/image.ts';
import { listCommand } from './commands/list.ts';
import { nodeAgentCommand } from './commands/node-agent.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { describeFlags, parseFlags, UsageError } from './flags.ts';

const commands: Command[] = [controlPlaneCommand, runCommand, listCommand, reportCommand, clusterCommand, imageCommand, cleanCommand, nodeAgentCommand, dnsServerCommand];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'kdrill: chaos and conformance testing for Kubernetes clusters',
    '',
    'Usage: kdrill COMMAND [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'version'.padEnd(width)}Print kdrill's version`,
    '',
    'Run "kdrill COMMAND --help" for the flags of a command.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`${c.summary}`, '', `Usage: ${c.usage}`, '', 'Flags:', describeFlags(c.flags)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(mainHelp() + '\n');
    return name ? exitCodes.ok : exitCodes.usage;
  }
  if (name === 'version' || name === '--version') {
    process.stdout.write(`kdrill ${packageVersion()}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`kdrill: unknown command "${name}"\n\n${mainHelp()}\n`);
    return exitCodes.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command) + '\n');
    return exitCodes.ok;
  }
  try {
    return await command.run(parseFlags(rest, command.flags));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kdrill ${name}: ${err.message}\n\n${commandHelp(command)}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(`kdrill ${name}: ${(err as Error).message}\n`);
    return exitCodes.infrastructure;
  }
}
