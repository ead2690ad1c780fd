// Puts the node-local Service addresses (and the per-pod addresses of headless Services) on the
// bridge interface, so that the proxy can listen on them and containers reach them:
// `ip addr add 10.244.7.10/32 dev skb-...`. A thin shell around
// addressPlan(): read what is there, change the difference. Needs CAP_NET_ADMIN (root).
import { execFile } from "node:child_process";
import { addressPlan, parseIpAddrJson, type AddressPlan, type InterfaceAddress } from "./address-plan.js";

/** Runs `ip` with these arguments and returns its stdout; rejects with its stderr. */
export type IpCommand = (args: string[]) => Promise<string>;

export class AddressError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const runIp: IpCommand = (args) =>
  new Promise((resolve, reject) => {
    execFile("ip", args, { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new AddressError(`ip ${args.join(" ")}: ${stderr.trim() || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });

export interface AddressManagerOptions {
  /** The bridge interface, from Runtime.networkInfo(). */
  device: string;
  /** The node's service range (nodeNetwork(i).serviceRange): only /32s inside it are managed. */
  serviceRange: string;
  /** More ranges managed the same way (nodeNetwork(i).headlessRange). */
  extraRanges?: readonly string[];
  ip?: IpCommand;
}

export class AddressManager {
  readonly device: string;
  readonly serviceRange: string;
  /** Every range whose /32s are ours: the service range first. */
  readonly ranges: readonly string[];
  private readonly ip: IpCommand;

  constructor(o: AddressManagerOptions) {
    this.device = o.device;
    this.serviceRange = o.serviceRange;
    this.ranges = [o.serviceRange, ...(o.extraRanges ?? [])];
    this.ip = o.ip ?? runIp;
  }

  async list(): Promise<InterfaceAddress[]> {
    return parseIpAddrJson(await this.ip(["-j", "addr", "show", "dev", this.device]));
  }

  /** Makes the managed addresses exactly `wanted`; returns what changed. Idempotent. */
  async sync(wanted: Iterable<string>): Promise<AddressPlan> {
    const plan = addressPlan(await this.list(), wanted, this.ranges);
    // Another sync (or a person) may have got there first: "exists" / "not there" are both fine.
    for (const ip of plan.add) await this.tolerant(["addr", "add", `${ip}/32`, "dev", this.device], /File exists/);
    for (const ip of plan.remove) await this.tolerant(["addr", "del", `${ip}/32`, "dev", this.device], /Cannot assign requested address/);
    return plan;
  }

  /** Removes every managed address (agent shutdown, tests). */
  clear(): Promise<AddressPlan> {
    return this.sync([]);
  }

  private async tolerant(args: string[], fine: RegExp): Promise<void> {
    try {
      await this.ip(args);
    } catch (err) {
      if (!(err instanceof Error && fine.test(err.message))) throw err;
    }
  }
}
