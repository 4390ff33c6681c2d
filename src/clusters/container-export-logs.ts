// `kdrill cluster export-logs NAME DIR`, after `kind export logs`: per node
// container a folder with its output (serial.log: the node agent's, and on the
// control-plane node the control plane's too), docker inspect, the node's
// iptables-save and `ip route`, and every pod's CRI logs (/var/log/pods). One
// file failing does not stop the others; what failed is listed in errors.txt.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { nodePaths } from '../reference/images/node-image-recipe.ts';
import { clusterContainers, containerEngine, dockerode, demultiplex } from './container-engine.ts';

export class UnknownClusterError extends Error {
  constructor(cluster: string) {
    super(`unknown cluster "${cluster}" (kdrill cluster list shows the clusters)`);
    this.name = 'UnknownClusterError';
  }
}

export async function exportClusterLogs(cluster: string, dir: string): Promise<string[]> {
  const containers = await clusterContainers(cluster);
  if (!containers.length) throw new UnknownClusterError(cluster);
  const docker = await dockerode();
  const engine = await containerEngine();
  const errors: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      errors.push(`${what}: ${(err as Error).message}`);
    }
  };
  await Promise.all(containers.map(async (info) => {
    const name = info.Names[0]?.replace(/^\//, '') ?? info.Id;
    const out = join(dir, name);
    await mkdir(out, { recursive: true });
    const container = docker.getContainer(info.Id);
    await attempt(`${name}/serial.log`, async () => {
      const logs = await container.logs({ stdout: true, stderr: true, follow: false, timestamps: true });
      await writeFile(join(out, 'serial.log'), demultiplex(logs as unknown as Buffer));
    });
    await attempt(`${name}/inspect.json`, async () => writeFile(join(out, 'inspect.json'), JSON.stringify(await container.inspect(), null, 2)));
    if (info.State === 'running') {
      for (const [file, command] of [['iptables-save.txt', ['iptables-save']], ['ip-route.txt', ['ip', 'route']]] as const) {
        await attempt(`${name}/${file}`, async () => {
          const r = await engine.container.exec(container, [...command]);
          if (r.exitCode !== 0) throw new Error(`${command.join(' ')} exited ${r.exitCode}: ${r.stderr.trim()}`);
          await writeFile(join(out, file), r.stdout);
        });
      }
    }
    await attempt(`${name}/pods`, async () => {
      const archive = await container.getArchive({ path: nodePaths.podLogDir });
      await execa('tar', ['-x', '-C', out], { input: archive as unknown as Readable });
    });
  }));
  if (errors.length) await writeFile(join(dir, 'errors.txt'), errors.join('\n') + '\n');
  return errors;
}
