// Pod addresses from the node's podCIDR, kept on disk as the CNI host-local
// plugin keeps them: one file per address held, named by the address and
// holding its owner, created exclusively so that two allocations never get
// the same address, and a record of the last address handed out so that a
// released address is not reused at once. Because the files outlive the
// agent, a restarted agent never hands out an address a live pod still holds.
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cidrContains, cidrSize, formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr } from './ipv4-cidr.ts';

const LAST_RESERVED = 'last_reserved_ip';

export class PodAddressesExhaustedError extends Error {
  constructor(podCIDR: string) {
    super(`no free address left in the pod CIDR ${podCIDR}: every address is held by a pod on this node`);
    this.name = 'PodAddressesExhaustedError';
  }
}

export class PodIpam {
  readonly #directory: string;
  readonly #podCIDR: string;
  readonly #cidr: Ipv4Cidr;

  constructor(directory: string, podCIDR: string) {
    this.#directory = directory;
    this.#podCIDR = podCIDR;
    this.#cidr = parseIpv4Cidr(podCIDR);
  }

  /** Reserves a free address for owner (a sandbox id) and returns it. */
  async allocate(owner: string): Promise<string> {
    await mkdir(this.#directory, { recursive: true });
    // Usable addresses: after the network address and the gateway, before the broadcast address.
    const first = this.#cidr.network + 2;
    const count = cidrSize(this.#cidr) - 3;
    const last = await this.#lastReserved();
    const start = last === undefined ? 0 : (last - first + 1 + count) % count;
    for (let step = 0; step < count; step++) {
      const address = formatIpv4(first + ((start + step) % count));
      try {
        await writeFile(join(this.#directory, address), owner, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      await writeFile(join(this.#directory, LAST_RESERVED), address);
      return address;
    }
    throw new PodAddressesExhaustedError(this.#podCIDR);
  }

  async release(address: string): Promise<void> {
    await unlink(join(this.#directory, address)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Addresses held, with their owners. */
  async held(): Promise<Map<string, string>> {
    const names = await readdir(this.#directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const held = new Map<string, string>();
    for (const name of names) {
      if (name === LAST_RESERVED || !isAddressIn(this.#cidr, name)) continue;
      held.set(name, (await readFile(join(this.#directory, name), 'utf8')).trim());
    }
    return held;
  }

  async #lastReserved(): Promise<number | undefined> {
    const text = await readFile(join(this.#directory, LAST_RESERVED), 'utf8').catch(() => '');
    const address = text.trim();
    return isAddressIn(this.#cidr, address) ? parseIpv4(address) : undefined;
  }
}

function isAddressIn(cidr: Ipv4Cidr, name: string): boolean {
  try {
    return cidrContains(cidr, name);
  } catch {
    return false;
  }
}
