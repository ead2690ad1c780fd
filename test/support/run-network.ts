// Each test cluster's own address plan, so that two e2e files can run at once on one Docker
// engine: its pod range (--cluster-cidr, whose node blocks become Docker networks: two clusters
// sharing one would fail with "Pool overlaps with other one on this address space"), its Service
// range, and its nodes' loopback addresses (NodePorts and hostPorts bind there).
//
// The plan comes from one number per cluster, the slot (0..63): a random one that no Docker
// network on the engine already overlaps, from the file's lane's share of the slots (laneSlots),
// so that two files running at once never pick the same one (test/LANES.md).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cidrsOverlap, parseCidr, type Cidr } from "@skiff/api";
import { claimLane } from "./lane-claim.js";

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

/** A random slot of this file's lane (laneSlots) whose pod range no Docker network on this engine overlaps. */
export async function pickRunNetwork(slots?: [number, number]): Promise<RunNetwork> {
  const [low, high] = slots ?? (await laneSlots());
  const used = await dockerSubnets();
  const count = high - low + 1;
  const start = Math.floor(Math.random() * count);
  for (let k = 0; k < count; k++) {
    const slot = low + ((start + k) % count);
    const range = parseCidr(runNetwork(slot).clusterCIDR) as Cidr;
    if (!used.some((u) => cidrsOverlap(u, range))) return runNetwork(slot);
  }
  throw new Error(`every test network slot of ${low}-${high} overlaps a Docker network: remove leftover skiff-* networks`);
}

/**
 * The slots of this test file: SKIFF_TEST_SLOTS ("0-31") when set; else, when its project runs
 * SKIFF_TEST_LANES files at once, its lane's share (support/lane-claim.ts: no two files running
 * at once hold the same lane), so two files never pick the same slot, even when both pick before
 * either has made its networks.
 */
export async function laneSlots(env: NodeJS.ProcessEnv = process.env): Promise<[number, number]> {
  if (env.SKIFF_TEST_SLOTS) return slotRange(env.SKIFF_TEST_SLOTS);
  const lanes = Number(env.SKIFF_TEST_LANES ?? 1);
  if (!(Number.isInteger(lanes) && lanes >= 1 && lanes <= SLOTS)) throw new Error(`SKIFF_TEST_LANES=${env.SKIFF_TEST_LANES}: want 1..${SLOTS}`);
  if (lanes === 1) return [0, SLOTS - 1];
  const lane = await claimLane(lanes);
  const size = Math.floor(SLOTS / lanes);
  return [(lane - 1) * size, lane * size - 1];
}

/** "8-15" -> [8, 15]; unset -> every slot. */
export function slotRange(text: string | undefined): [number, number] {
  if (!text) return [0, SLOTS - 1];
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  const [low, high] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(low >= 0 && high < SLOTS && low <= high)) throw new Error(`SKIFF_TEST_SLOTS=${text}: want LOW-HIGH within 0-${SLOTS - 1}, e.g. 0-31`);
  return [low, high];
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
