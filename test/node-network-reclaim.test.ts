// The agent's node network on a subnet another skiff network already holds (runtime/docker/
// networks.ts): a leftover with no container on it is reclaimed; one that a stopped container is
// on belongs to a cluster that may start again, and is kept. Everything made here is labelled
// with this run and removed afterwards, even when a test fails.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DockerRuntime } from "../packages/agent/src/runtime/index.js";
import { TEST_IMAGE } from "./support/cluster.js";
import { REPO } from "./support/skiff.js";
import { removeContainers, removeNetwork } from "../scripts/lib/docker-leftovers.mjs";

const RUN = randomBytes(3).toString("hex");
const rt = new DockerRuntime();
// A /24 of 10.233/16: outside the default plan (10.240.0.0/12) and the test slots (10.128-191, run-network.ts).
const THIRD = Number.parseInt(RUN.slice(0, 2), 16);
const SUBNET = `10.233.${THIRD}.0/24`;
const GATEWAY = `10.233.${THIRD}.1`;
const node = (who: string) => `t${RUN}-${who}`;
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
const exists = (name: string) => docker("network", "ls", "-q", "--filter", `name=^${name}$`) !== "";

/** A node network of another cluster, as its agent made it (a skiff.node label). */
function otherClusterNetwork(who: string): string {
  const name = `skiff-${node(who)}`;
  docker("network", "create", "--subnet", SUBNET, "--gateway", GATEWAY, "--label", `skiff.node=${node(who)}`, "--label", `skiff.test.run=${RUN}`, name);
  return name;
}

const mine = { subnet: SUBNET, gateway: GATEWAY, labels: { "skiff.node": node("mine"), "skiff.test.run": RUN } };

beforeAll(() => {
  execFileSync("bash", ["scripts/test-image.sh"], { cwd: REPO, stdio: "inherit" });
});

afterAll(async () => {
  await removeContainers(`label=skiff.test.run=${RUN}`);
  for (const who of ["stopped", "leftover", "mine"]) await removeNetwork(`skiff-${node(who)}`);
});

describe("a node network whose subnet another skiff network holds", () => {
  it("keeps the other network while a stopped container is on it, and says why it cannot make its own", async () => {
    const other = otherClusterNetwork("stopped");
    try {
      docker("create", "--name", `skiff-test-${RUN}-stopped`, "--label", `skiff.test.run=${RUN}`, "--label", `skiff.node=${node("stopped")}`, "--network", other, TEST_IMAGE, "true");
      await expect(rt.ensureNetwork(`skiff-${node("mine")}`, mine)).rejects.toThrow(/overlap/i);
      expect(exists(other)).toBe(true);
      expect(exists(`skiff-${node("mine")}`)).toBe(false);
    } finally {
      // The next test needs the subnet free.
      await removeContainers(`label=skiff.node=${node("stopped")}`);
      await removeNetwork(other);
      await removeNetwork(`skiff-${node("mine")}`);
    }
  });

  it("reclaims a leftover network with no container on it", async () => {
    const other = otherClusterNetwork("leftover");
    const made = await rt.ensureNetwork(`skiff-${node("mine")}`, mine);
    expect(made).toMatchObject({ name: `skiff-${node("mine")}`, subnet: SUBNET });
    expect(exists(other)).toBe(false);
  });
});
