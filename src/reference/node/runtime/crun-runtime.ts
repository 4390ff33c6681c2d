// The node's container runtime: pod sandboxes (a network namespace on the
// node's bridge, an address from the podCIDR, the /etc files) and containers
// run by crun from an overlay over the image's rootfs, in cgroups nested
// under the node's own, writing CRI log files. Everything it makes is named
// so that a later run finds it: netns kdrill-<id>, veths kdv<…>, crun state
// under its own --root, cgroups under <own cgroup>/kdrill, files under rootDir.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { ContainerConfig, ContainerRuntime, RunningContainer, Sandbox, SandboxConfig } from '../container-runtime.ts';
import { ContainerCgroup } from './container-cgroup.ts';
import { CriLogWriter } from './cri-log-writer.ts';
import { CrunContainer } from './crun-container.ts';
import { crunCommand } from './crun-command.ts';
import { hostNetworkHostsFile, hostnameFile, isEmptyDnsConfig, podHostsFile, resolvConfFile } from './etc-files.ts';
import { gatewayAddress, parseIpv4Cidr } from './ipv4-cidr.ts';
import type { LogRotationPolicy } from './log-rotation.ts';
import { ociSpec } from './oci-spec.ts';
import { mountOverlayRootfs, unmountAll } from './overlay-rootfs.ts';
import { PodIpam } from './pod-ipam.ts';
import { NETNS_DIRECTORY, createPodNetwork, ensureBridge, networkNamespaces, removeLink, removePodNetwork, vethDevices } from './sandbox-network.ts';

export interface CrunRuntimeOptions {
  /** Where sandboxes, containers and address records live; on the node's /var volume (overlay needs a real file system). */
  rootDir: string;
  /** The node's Node.spec.podCIDR; its first address goes to the bridge. */
  podCIDR: string;
  /** The node's address, which hostNetwork pods have. */
  nodeIP: string;
  /** The bridge pods' veths join (cni0). */
  bridge: string;
  mtu: number;
  logRotation: LogRotationPolicy;
  /** crun's state directory, holding this runtime's containers only. */
  crunRoot: string;
}

const NETNS_PREFIX = 'kdrill-';
const VETH_PREFIX = 'kdv';
const CGROUP_BUSY_RETRIES = 50;
const CGROUP_BUSY_RETRY_MILLIS = 100;

/** What the runtime keeps of a sandbox, on disk (sandbox.json) so that a later run can remove it. */
interface SandboxRecord {
  id: string;
  podUid: string;
  namespace: string;
  podName: string;
  hostname: string;
  ip: string;
  /** Undefined with hostNetwork. */
  netns: string | undefined;
  hostVeth: string | undefined;
}

interface ContainerRecord {
  container: CrunContainer;
  directory: string;
  cgroup: ContainerCgroup;
}

export class CrunRuntime implements ContainerRuntime {
  readonly #options: CrunRuntimeOptions;
  readonly #ipam: PodIpam;
  readonly #sandboxes = new Map<string, SandboxRecord>();
  readonly #containers = new Map<string, ContainerRecord>();
  #bridgeReady: Promise<void> | undefined;
  #cgroupParent: Promise<string> | undefined;

  constructor(options: CrunRuntimeOptions) {
    this.#options = options;
    this.#ipam = new PodIpam(join(options.rootDir, 'ipam'), options.podCIDR);
  }

  async runSandbox(config: SandboxConfig): Promise<Sandbox> {
    const id = `${config.podUid.replace(/-/g, '').slice(0, 8)}${randomBytes(4).toString('hex')}`;
    const directory = this.#sandboxDirectory(id);
    await mkdir(directory, { recursive: true });
    const record: SandboxRecord = {
      id,
      podUid: config.podUid,
      namespace: config.namespace,
      podName: config.podName,
      hostname: config.hostname,
      ip: this.#options.nodeIP,
      netns: config.hostNetwork ? undefined : `${NETNS_PREFIX}${id}`,
      hostVeth: config.hostNetwork ? undefined : `${VETH_PREFIX}${id.slice(0, 12)}`,
    };
    try {
      if (record.netns !== undefined && record.hostVeth !== undefined) {
        await this.#ensureBridge();
        record.ip = await this.#ipam.allocate(id);
        await this.#writeRecord(record);
        const cidr = parseIpv4Cidr(this.#options.podCIDR);
        await createPodNetwork({
          netns: record.netns,
          hostVeth: record.hostVeth,
          address: record.ip,
          prefixLength: cidr.prefixLength,
          gateway: gatewayAddress(cidr),
          bridge: this.#options.bridge,
          mtu: this.#options.mtu,
        });
      } else {
        await this.#writeRecord(record);
      }
      const etcFiles = { hosts: join(directory, 'hosts'), resolvConf: join(directory, 'resolv.conf'), hostname: join(directory, 'hostname') };
      const hosts = config.hostNetwork
        ? hostNetworkHostsFile(await readFile('/etc/hosts', 'utf8').catch(() => ''), config.hostAliases)
        : podHostsFile(record.ip, config.hostname, config.hostAliases);
      // With no DNS settings at all (dnsPolicy Default), the pod resolves as the node does.
      const resolvConf = isEmptyDnsConfig(config.dns) ? await readFile('/etc/resolv.conf', 'utf8').catch(() => '') : resolvConfFile(config.dns);
      await writeFile(etcFiles.hosts, hosts);
      await writeFile(etcFiles.resolvConf, resolvConf);
      await writeFile(etcFiles.hostname, hostnameFile(config.hostname));
      this.#sandboxes.set(id, record);
      return { id, ip: record.ip, netnsPath: record.netns === undefined ? undefined : join(NETNS_DIRECTORY, record.netns), etcFiles };
    } catch (error) {
      await this.#removeSandboxRecord(record);
      throw error;
    }
  }

  async removeSandbox(sandbox: Sandbox): Promise<void> {
    const record = this.#sandboxes.get(sandbox.id) ?? (await this.#readRecord(sandbox.id));
    if (record !== undefined) await this.#removeSandboxRecord(record);
    this.#sandboxes.delete(sandbox.id);
  }

  async startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<RunningContainer> {
    const record = this.#sandboxes.get(sandbox.id) ?? (await this.#readRecord(sandbox.id));
    if (record === undefined) throw new Error(`sandbox ${sandbox.id} does not exist on this node`);
    const id = `${sandbox.id}-${config.name}-${config.attempt}`;
    const directory = join(this.#options.rootDir, 'containers', id);
    await unmountAll(directory);
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory, { recursive: true });
    const cgroup = await ContainerCgroup.create(await this.#cgroupParentPath(), id, config.resources);
    try {
      const rootfs = await mountOverlayRootfs(config.image.rootfs, directory);
      const spec = ociSpec({
        rootfs,
        argv: config.argv,
        env: config.env,
        workingDir: config.workingDir,
        user: config.user,
        hostname: record.hostname,
        netnsPath: sandbox.netnsPath,
        etcFiles: sandbox.etcFiles,
        mounts: config.mounts,
        cgroupsPath: cgroup.processPath,
        terminal: config.tty,
      });
      await writeFile(join(directory, 'config.json'), JSON.stringify(spec, null, 2));
      const container = await CrunContainer.start({
        id,
        directory,
        crunRoot: this.#options.crunRoot,
        cgroup,
        log: new CriLogWriter(config.logPath, this.#options.logRotation),
        stdin: config.stdin,
        stdinOnce: config.stdinOnce,
        tty: config.tty,
      });
      this.#containers.set(id, { container, directory, cgroup });
      return container;
    } catch (error) {
      await removeContainerFiles(directory, cgroup);
      throw error;
    }
  }

  async removeContainer(container: RunningContainer): Promise<void> {
    const record = this.#containers.get(container.id);
    if (record === undefined) return;
    await record.container.delete();
    await record.container.exited;
    await removeContainerFiles(record.directory, record.cgroup);
    this.#containers.delete(container.id);
  }

  async cleanupOrphans(): Promise<void> {
    const list = crunCommand(this.#options.crunRoot, ['list', '--quiet']);
    const listed = await execa(list.file, list.args, { reject: false });
    for (const id of listed.stdout.split('\n').filter((line) => line.trim() !== '')) {
      const remove = crunCommand(this.#options.crunRoot, ['delete', '--force', id.trim()]);
      await execa(remove.file, remove.args, { reject: false });
    }
    const containers = join(this.#options.rootDir, 'containers');
    await unmountAll(containers);
    await rm(containers, { recursive: true, force: true });
    await retryWhileBusy(async () => ContainerCgroup.removeAll(await this.#cgroupParentPath()));
    for (const netns of await networkNamespaces(NETNS_PREFIX)) await removePodNetwork(netns, undefined);
    for (const veth of await vethDevices(VETH_PREFIX)) await removeLink(veth);
    for (const address of (await this.#ipam.held()).keys()) await this.#ipam.release(address);
    await rm(join(this.#options.rootDir, 'sandboxes'), { recursive: true, force: true });
  }

  #sandboxDirectory(id: string): string {
    return join(this.#options.rootDir, 'sandboxes', id);
  }

  async #writeRecord(record: SandboxRecord): Promise<void> {
    await writeFile(join(this.#sandboxDirectory(record.id), 'sandbox.json'), JSON.stringify(record));
  }

  async #readRecord(id: string): Promise<SandboxRecord | undefined> {
    const text = await readFile(join(this.#sandboxDirectory(id), 'sandbox.json'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as SandboxRecord);
  }

  async #removeSandboxRecord(record: SandboxRecord): Promise<void> {
    if (record.netns !== undefined) {
      await removePodNetwork(record.netns, record.hostVeth);
      const holder = (await this.#ipam.held()).get(record.ip);
      if (holder === record.id) await this.#ipam.release(record.ip);
    }
    await rm(this.#sandboxDirectory(record.id), { recursive: true, force: true });
  }

  #ensureBridge(): Promise<void> {
    const cidr = parseIpv4Cidr(this.#options.podCIDR);
    this.#bridgeReady ??= ensureBridge(this.#options.bridge, `${gatewayAddress(cidr)}/${cidr.prefixLength}`, this.#options.mtu).catch(
      (error: unknown) => {
        this.#bridgeReady = undefined;
        throw error;
      },
    );
    return this.#bridgeReady;
  }

  #cgroupParentPath(): Promise<string> {
    this.#cgroupParent ??= ContainerCgroup.runtimeParent();
    return this.#cgroupParent;
  }
}

async function removeContainerFiles(directory: string, cgroup: ContainerCgroup): Promise<void> {
  await retryWhileBusy(() => cgroup.remove());
  await unmountAll(directory);
  await rm(directory, { recursive: true, force: true });
}

/** A cgroup stays busy for a moment after its last process was killed. */
async function retryWhileBusy(action: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || attempt >= CGROUP_BUSY_RETRIES) throw error;
      await sleep(CGROUP_BUSY_RETRY_MILLIS);
    }
  }
}
