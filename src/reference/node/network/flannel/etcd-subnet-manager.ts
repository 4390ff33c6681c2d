// flannel's etcd subnet manager (flanneld --etcd-endpoints; flannel's
// pkg/subnet/etcd): the network config is PREFIX/config; this node leases a
// subnet as PREFIX/subnets/A.B.C.D-NN, its value flannel's LeaseAttrs JSON,
// attached to an etcd lease of 24 h that is renewed an hour before it ends.
// The lease of this node's public address is taken again when there is one,
// else the subnet of the last subnet.env when nobody holds it, else a free
// subnet picked at random among the first hundred; the key is created only
// if absent (a transaction comparing its version with 0), so two nodes never
// hold one subnet. Every node watches PREFIX/subnets/ for the others'.
// Nothing is written to the Node: flannel over etcd leaves Node annotations
// and the NetworkUnavailable condition alone.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Etcd3 } from 'etcd3';
import { formatIpv4 } from '../../runtime/ipv4-cidr.ts';
import { listSubnets, SubnetWatch, type SubnetRecord } from './etcd-subnet-watch.ts';
import { leaseAttrsJson, peerLeaseOf, publicIPOf, type LeaseAttrs } from './lease-attrs.ts';
import { freeSubnets, parseSubnetConfig, subnetFits, type SubnetConfig } from './subnet-config.ts';
import { readPreviousSubnet } from './subnet-env.ts';
import { subnetKey } from './subnet-key.ts';
import type { LeaseHandlers, SubnetManager } from './subnet-manager.ts';

/** flannel's lease timing, in seconds: subnetTTL, --subnet-lease-renew-margin, and its two retry periods. */
export interface EtcdLeaseTiming {
  ttl: number;
  renewMargin: number;
  configRetry: number;
  renewRetry: number;
}

export const flannelLeaseTiming: EtcdLeaseTiming = { ttl: 24 * 3600, renewMargin: 3600, configRetry: 1, renewRetry: 60 };

/** flannel's raceRetries: tries before giving up when other nodes keep taking the subnet picked. */
const raceRetries = 10;

export interface EtcdSubnetManagerOptions {
  client: Etcd3;
  /** flanneld's --etcd-prefix (flannel: /coreos.com/network). */
  prefix: string;
  /** subnet.env; its FLANNEL_SUBNET is asked for again when this node holds no lease. */
  subnetFile: string;
  log(message: string): void;
  timing?: Partial<EtcdLeaseTiming>;
}

interface OwnLease {
  subnet: string;
  attrs: LeaseAttrs;
  /** A key without an etcd lease is a reservation (flannel's docs): kept as it is, never renewed. */
  reservation: boolean;
}

export class EtcdSubnetManager implements SubnetManager {
  readonly #client: Etcd3;
  readonly #prefix: string;
  readonly #subnetFile: string;
  readonly #log: (message: string) => void;
  readonly #timing: EtcdLeaseTiming;
  readonly #stopping = new AbortController();
  #config: SubnetConfig | undefined;
  #own: OwnLease | undefined;
  #renewal: NodeJS.Timeout | undefined;
  #watch: SubnetWatch | undefined;
  /** The peers' subnets delivered as present. */
  readonly #peers = new Set<string>();

  constructor(options: EtcdSubnetManagerOptions) {
    this.#client = options.client;
    this.#prefix = options.prefix.replace(/\/+$/, '');
    this.#subnetFile = options.subnetFile;
    this.#log = (m) => options.log(`flannel: ${m}`);
    this.#timing = { ...flannelLeaseTiming, ...options.timing };
  }

  get #subnetsPrefix(): string {
    return `${this.#prefix}/subnets/`;
  }

  #key(subnet: string): string {
    return this.#subnetsPrefix + subnetKey(subnet);
  }

  /** Reads PREFIX/config, trying again every second while it is absent or bad (as flanneld's getConfig). */
  async networkConfig(): Promise<SubnetConfig> {
    const key = `${this.#prefix}/config`;
    for (;;) {
      try {
        const text = await this.#client.get(key).string();
        if (text === null) throw new Error('flannel config not found in etcd store. Did you create your config using etcdv3 API?');
        const config = parseSubnetConfig(text, key);
        this.#config = config;
        this.#log(`Found network config - Backend type: ${config.backend}`);
        return config;
      } catch (err) {
        if (this.#stopping.signal.aborted) throw err;
        this.#log(`Couldn't fetch network config: ${(err as Error).message}`);
      }
      await sleep(this.#timing.configRetry * 1000, undefined, { signal: this.#stopping.signal });
    }
  }

  /** flannel's etcd manager keeps no MAC: flannel.1 keeps the one it has. */
  async storedVtepMAC(): Promise<string | undefined> {
    return undefined;
  }

  async acquireLease(attrs: LeaseAttrs): Promise<string> {
    const config = this.#config ?? (await this.networkConfig());
    for (let attempt = 0; attempt < raceRetries; attempt++) {
      const own = await this.#tryAcquire(config, attrs);
      if (!own) continue;
      this.#own = own;
      return own.subnet;
    }
    throw new Error('failed to acquire lease: max retries reached trying to acquire a subnet');
  }

  /** One try of flannel's tryAcquireLease; undefined when another node took the subnet first. */
  async #tryAcquire(config: SubnetConfig, attrs: LeaseAttrs): Promise<OwnLease | undefined> {
    const { records } = await listSubnets(this.#client, this.#subnetsPrefix, this.#log);
    const mine = records.find((r) => publicIPOf(r.value) === attrs.publicIP);
    if (mine) {
      if (subnetFits(config, mine.subnet)) {
        this.#log(`Found lease (ip: ${mine.subnet}) for current IP (${attrs.publicIP}), reusing`);
        const own = { subnet: mine.subnet, attrs, reservation: mine.lease === '0' };
        await this.#write(own);
        return own;
      }
      this.#log(`Found lease (${mine.subnet}) for current IP (${attrs.publicIP}) but not compatible with current config, deleting`);
      await this.#client.delete().key(this.#key(mine.subnet)).exec();
    }
    let subnet: string | undefined;
    const previous = await readPreviousSubnet(this.#subnetFile);
    if (previous && !records.some((r) => r.subnet === previous)) {
      if (subnetFits(config, previous)) {
        this.#log(`Found previously leased subnet (${previous}), reusing`);
        subnet = previous;
      } else {
        this.#log(`Found previously leased subnet (${previous}) that is not compatible with the Etcd network config, ignoring`);
      }
    }
    if (!subnet) {
      this.#log(`Picking subnet in range ${formatIpv4(config.subnetMin)} ... ${formatIpv4(config.subnetMax)}`);
      const free = freeSubnets(config, records.map((r) => r.subnet));
      if (free.length === 0) throw new Error('failed to acquire lease: out of subnets');
      subnet = free[randomInt(free.length)]!;
    }
    if (!(await this.#create(subnet, attrs))) return undefined;
    this.#log(`Allocated lease (ip: ${subnet}) to current node (${attrs.publicIP})`);
    return { subnet, attrs, reservation: false };
  }

  async #grant(): Promise<{ id: string; expires: number }> {
    const granted = await this.#client.leaseClient.leaseGrant({ TTL: this.#timing.ttl, ID: 0 });
    return { id: granted.ID, expires: Date.now() + Number(granted.TTL) * 1000 };
  }

  async #revoke(id: string): Promise<void> {
    await this.#client.leaseClient.leaseRevoke({ ID: id }).catch((err: Error) => this.#log(err.message));
  }

  /** Creates the key only if it does not exist; false when it did. */
  async #create(subnet: string, attrs: LeaseAttrs): Promise<boolean> {
    const key = this.#key(subnet);
    const lease = await this.#grant();
    let created: boolean;
    try {
      const result = await this.#client.if(key, 'Version', '==', 0).then(this.#client.put(key).value(leaseAttrsJson(attrs)).lease(lease.id)).commit();
      created = result.succeeded;
    } catch (err) {
      await this.#revoke(lease.id);
      throw err;
    }
    if (!created) {
      await this.#revoke(lease.id);
      return false;
    }
    this.#scheduleRenewal(lease.expires);
    return true;
  }

  /** Writes the lease's key again (flannel's updateSubnet) under a fresh etcd lease (none for a reservation); resolves to its expiry. */
  async #write(own: OwnLease): Promise<number | undefined> {
    const put = this.#client.put(this.#key(own.subnet)).value(leaseAttrsJson(own.attrs));
    if (own.reservation) {
      await put.exec();
      return undefined;
    }
    const lease = await this.#grant();
    try {
      await put.lease(lease.id).exec();
    } catch (err) {
      await this.#revoke(lease.id);
      throw err;
    }
    this.#scheduleRenewal(lease.expires);
    return lease.expires;
  }

  #scheduleRenewal(expires: number): void {
    this.#renewIn(expires - this.#timing.renewMargin * 1000 - Date.now());
  }

  #renewIn(delayMs: number): void {
    clearTimeout(this.#renewal);
    if (this.#stopping.signal.aborted) return;
    this.#renewal = setTimeout(() => void this.#renew(), Math.max(0, delayMs));
  }

  async #renew(): Promise<void> {
    const own = this.#own;
    if (!own || this.#stopping.signal.aborted) return;
    try {
      const expires = await this.#write(own);
      this.#log(`Lease renewed, new expiration: ${new Date(expires ?? 0).toISOString()}`);
    } catch (err) {
      if (this.#stopping.signal.aborted) return;
      this.#log(`Error renewing lease (trying again in ${this.#timing.renewRetry} s): ${(err as Error).message}`);
      this.#renewIn(this.#timing.renewRetry * 1000);
    }
  }

  async watchLeases(handlers: LeaseHandlers): Promise<void> {
    const ownSubnet = () => this.#own?.subnet;
    const revoked = () => {
      if (!this.#own) return;
      this.#own = undefined;
      clearTimeout(this.#renewal);
      this.#log('Lease has been revoked. Shutting down daemon.');
      handlers.revoked();
    };
    const put = (record: SubnetRecord) => {
      if (record.subnet === ownSubnet()) return;
      this.#peers.add(record.subnet);
      handlers.peer(record.subnet, peerLeaseOf(record.subnet, record.value));
    };
    this.#watch = new SubnetWatch(
      this.#client,
      this.#subnetsPrefix,
      {
        reset: (records) => {
          const present = new Set(records.map((r) => r.subnet));
          const own = ownSubnet();
          if (own && !present.has(own)) revoked();
          for (const subnet of this.#peers) {
            if (present.has(subnet)) continue;
            this.#peers.delete(subnet);
            handlers.peer(subnet, undefined);
          }
          records.forEach(put);
        },
        put,
        delete: (subnet) => {
          if (subnet === ownSubnet()) return revoked();
          if (!this.#peers.delete(subnet)) return;
          handlers.peer(subnet, undefined);
        },
      },
      this.#log,
    );
    await this.#watch.start();
  }

  /** Stops watching and renewing; the key and its lease stay, as when flanneld stops. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    clearTimeout(this.#renewal);
    await this.#watch?.stop();
  }
}
