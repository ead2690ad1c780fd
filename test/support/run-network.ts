// Each test cluster's own address plan, so that two e2e files can run at once on one Docker
// engine: its pod range (--cluster-cidr, whose node blocks become Docker networks: two clusters
// sharing one would fail with "Pool overlaps with other one on this address space"), its Service
// range, and its nodes' loopback addresses (NodePorts and hostPorts bind there).
//
// The plan comes from one number per cluster, the slot (0..63): SKIFF_TEST_SLOT when a lane sets
// it, else a random one that no Docker network on the engine already overlaps.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cidrsOverlap, parseCidr, type Cidr } from "@skiff/api";

const exec = promisify(execFile);
export const SLOTS = 64;

export interface RunNetwork {
  slot: number;
  /** 10.(128 + slot).0.0/16, cut into /23 node blocks (as the default plan is): 127 nodes. */
  clusterCIDR: string;
  /** 10.96.slot.0/24: its own clusterIPs, so two clusters' Services never look alike. */
  serviceCIDR: string;
  /** The `skiff server` flags that give the cluster this plan. */
  serverArgs: string[];
  /** The loopback address of the cluster's node `i` (1-based): 127.(100 + slot).1.i. */
  nodeAddress(i: number): string;
}

export function runNetwork(slot: number): RunNetwork {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOTS) throw new RangeError(`test network slot ${slot}: must be 0..${SLOTS - 1}`);
  const clusterCIDR = `10.${128 + slot}.0.0/16`;
  const serviceCIDR = `10.96.${slot}.0/24`;
  return {
    slot,
    clusterCIDR,
    serviceCIDR,
    serverArgs: ["--cluster-cidr", clusterCIDR, "--node-cidr-mask-size", "23", "--service-cluster-ip-range", serviceCIDR],
    nodeAddress: (i) => {
      if (!(i >= 1 && i <= 254)) throw new RangeError(`node ${i}: a test cluster has at most 254 nodes`);
      return `127.${100 + slot}.1.${i}`;
    },
  };
}

/** SKIFF_TEST_SLOT, or a random slot whose pod range no Docker network on this engine overlaps. */
export async function pickRunNetwork(env = process.env.SKIFF_TEST_SLOT): Promise<RunNetwork> {
  if (env !== undefined && env !== "") return runNetwork(Number(env));
  const used = await dockerSubnets();
  const start = Math.floor(Math.random() * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const slot = (start + k) % SLOTS;
    const range = parseCidr(runNetwork(slot).clusterCIDR) as Cidr;
    if (!used.some((u) => cidrsOverlap(u, range))) return runNetwork(slot);
  }
  throw new Error(`every test network slot overlaps a Docker network (10.128.0.0/10 is full of them): remove leftover skiff-* networks`);
}

/** The IPv4 subnets of every network on the engine (none when Docker does not answer). */
async function dockerSubnets(): Promise<Cidr[]> {
  try {
    const { stdout: ids } = await exec("docker", ["network", "ls", "-q"]);
    const list = ids.split("\n").filter(Boolean);
    if (list.length === 0) return [];
    const { stdout } = await exec("docker", ["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", ...list]);
    return stdout
      .split(/\s+/)
      .map((s) => parseCidr(s))
      .filter((c): c is Cidr => typeof c !== "string");
  } catch {
    return [];
  }
}
