// `skiff up --with-operator` runs the website operator (examples/operators/website) beside the
// local cluster, connected as the CLI is; `skiff down` stops it with the cluster.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "./support/cluster.js";
import { REPO, freePort, skiff, tempDir } from "./support/skiff.js";

const prefix = `op${Math.random().toString(16).slice(2, 8)}`;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;
let clusterDir: string;

afterAll(async () => {
  if (env) await skiff(["down", "--dir", clusterDir], { env });
  await dir?.remove();
});

function operatorPid(): number {
  const state = JSON.parse(readFileSync(join(clusterDir, "cluster.json"), "utf8")) as { processes: { name: string; pid: number }[] };
  return state.processes.find((p) => p.name === "operator")?.pid ?? 0;
}

/** Running (a killed process not yet reaped has an empty command line). */
const alive = (pid: number) => {
  try {
    return pid > 0 && readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0;
  } catch {
    return false;
  }
};

describe("skiff up --with-operator", () => {
  it("starts the operator beside the cluster; it reconciles Websites; skiff down stops it", async () => {
    dir = await tempDir("operator-up");
    clusterDir = join(dir.path, "cluster");
    env = { HOME: dir.path, SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
    const port = String(await freePort());
    const up = await skiff(["up", "--agents", "1", "--dir", clusterDir, "--port", port, "--node-prefix", prefix, "--kube-listen", "off", "--with-operator"], { env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain("the website operator runs beside it");
    const pid = operatorPid();
    expect(alive(pid)).toBe(true);

    const crd = await skiff(["apply", "-f", join(REPO, "examples/operators/website/crd.yaml")], { env });
    expect(crd.code, crd.stderr).toBe(0);
    // Zero replicas: what is checked is the operator's work (its objects and the status), not Docker's.
    const site = "apiVersion: examples.skiff.dev/v1\nkind: Website\nmetadata: {name: quiet}\nspec: {image: skiff-test/busybox:1, replicas: 0, message: hi}\n";
    await eventually(async () => {
      const r = await skiff(["apply", "-f", "-"], { env, input: site });
      if (r.code !== 0) throw new Error(r.stderr);
    }, 30_000);
    await eventually(async () => {
      const r = await skiff(["get", "website", "quiet", "-o", "jsonpath={.status.conditions[0].type}={.status.conditions[0].status} {.status.readyReplicas}"], { env });
      expect(r.stdout).toBe("Ready=True 0");
      const dep = await skiff(["get", "deployment", "quiet", "-o", "jsonpath={.metadata.ownerReferences[0].kind}"], { env });
      expect(dep.stdout).toBe("Website");
    }, 60_000, () => readFileSync(join(clusterDir, "operator.log"), "utf8"));

    const down = await skiff(["down", "--dir", clusterDir], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(alive(pid)).toBe(false);
  }, 180_000);
});
