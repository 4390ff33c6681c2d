// A throwaway etcd server for tests: loopback only, random free ports, a temp
// data dir, removed with the test. Tests that crash etcd on purpose use kill()
// and start() to bring the same member back on its data dir. With `tls`, it
// serves https with a certificate of its own CA and requires clients to
// present one of that CA's (--client-cert-auth), as a cluster's etcd does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate, type CertificateAndKey } from '../../src/reference/api/pki.ts';

const etcdBinary = process.env.KDRILL_ETCD ?? '/usr/bin/etcd';
const readyDeadlineMs = 20_000;

// Should a test process exit without running its teardowns, its servers go with it.
const servers = new Set<ChildProcess>();
process.on('exit', () => servers.forEach((server) => server.kill('SIGKILL')));

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestEtcdOptions {
  /** etcd's --experimental-watch-progress-notify-interval, in ms (etcd's default is ten minutes). */
  progressNotifyIntervalMs?: number;
  /** Serve https and require client certificates of the server's own CA. */
  tls?: boolean;
}

/** The PKI of a TLS test etcd, as files in its temp dir: its CA, and a client certificate that CA issued. */
export interface TestEtcdTls {
  /** Issue more client certificates with it. */
  ca: CertificateAndKey;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface TestEtcd {
  /** The client URL, http://127.0.0.1:PORT (https:// with tls). */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly tls?: TestEtcdTls;
  /** SIGKILL the server, as a crash would; the data dir stays. */
  kill(): Promise<void>;
  /** Start the server again on the same ports and data dir, and wait until it answers. */
  start(): Promise<void>;
}

export async function startTestEtcd(t: Teardown, options: TestEtcdOptions = {}): Promise<TestEtcd> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kdrill-etcd-'));
  let child: ChildProcess | undefined;
  t.teardown(async () => {
    await kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const tls = options.tls ? await writeTestPki(join(dataDir, 'pki')) : undefined;
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name=default',
    `--data-dir=${join(dataDir, 'member-data')}`,
    `--listen-client-urls=${endpoint}`,
    `--advertise-client-urls=${endpoint}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=default=${peerUrl}`,
    '--logger=zap',
    '--log-outputs=stderr',
    '--log-level=warn',
  ];
  if (tls) {
    const server = join(dataDir, 'pki');
    args.push(`--cert-file=${join(server, 'server.crt')}`, `--key-file=${join(server, 'server.key')}`, `--trusted-ca-file=${tls.caFile}`, '--client-cert-auth');
  }
  if (options.progressNotifyIntervalMs !== undefined) {
    args.push(`--experimental-watch-progress-notify-interval=${options.progressNotifyIntervalMs}ms`);
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  async function start(): Promise<void> {
    if (child) throw new Error('test etcd is already running');
    let stderr = '';
    let spawnError: Error | undefined;
    const started = spawn(etcdBinary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    servers.add(started);
    started.once('exit', () => servers.delete(started));
    started.once('error', (err) => {
      spawnError = err;
    });
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const deadline = Date.now() + readyDeadlineMs;
    while (!(await healthy(endpoint, tls))) {
      if (spawnError) {
        child = undefined;
        throw new Error(`cannot run etcd at ${etcdBinary} (set KDRILL_ETCD to its path): ${spawnError.message}`);
      }
      if (started.exitCode !== null || started.signalCode !== null) {
        child = undefined;
        throw new Error(`test etcd exited before it was ready:\n${stderr}`);
      }
      if (Date.now() > deadline) {
        await kill();
        throw new Error(`test etcd did not become healthy within ${readyDeadlineMs} ms:\n${stderr}`);
      }
      await sleep(50);
    }
  }

  await start();
  return { endpoint, dataDir, kill, start, ...(tls ? { tls } : {}) };
}

async function writeTestPki(dir: string): Promise<TestEtcdTls> {
  await mkdir(dir, { recursive: true });
  const ca = createCertificateAuthority('kdrill-test-etcd-ca');
  const server = issueServerCertificate(ca);
  const client = issueClientCertificate(ca, 'kdrill-test-client');
  const files: Record<string, string> = { 'ca.crt': ca.cert, 'server.crt': server.cert, 'server.key': server.key, 'client.crt': client.cert, 'client.key': client.key };
  await Promise.all(Object.entries(files).map(([name, pem]) => writeFile(join(dir, name), pem, { mode: 0o600 })));
  return { ca, caFile: join(dir, 'ca.crt'), certFile: join(dir, 'client.crt'), keyFile: join(dir, 'client.key') };
}

async function healthy(endpoint: string, tls: TestEtcdTls | undefined): Promise<boolean> {
  if (tls) return healthyOverTls(endpoint, tls);
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { health?: string };
    return response.ok && body.health === 'true';
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

async function healthyOverTls(endpoint: string, tls: TestEtcdTls): Promise<boolean> {
  const [cert, key] = await Promise.all([readFile(tls.certFile), readFile(tls.keyFile)]);
  return new Promise((resolve) => {
    const req = request(`${endpoint}/health`, { ca: tls.ca.cert, cert, key, timeout: 1000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 && (JSON.parse(body) as { health?: string }).health === 'true');
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
