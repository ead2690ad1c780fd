// A `skiff server` given address ranges that cannot work refuses to start, naming the flag and
// why, with exit code 1 and no stack trace (server only: no agent, no Docker).
import { afterEach, describe, expect, it } from "vitest";
import { freePort, skiff, tempDir } from "./support/skiff.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function serverWith(flags: string[]) {
  const dir = await tempDir("cidr");
  cleanups.push(dir.remove);
  const args = ["server", "--data-dir", dir.path, "--listen", `127.0.0.1:${await freePort()}`, "--kube-listen", "off", "--client-config", `${dir.path}/client-config`, ...flags];
  return skiff(args);
}

describe("skiff server address ranges", () => {
  it.each([
    [["--cluster-cidr", "10.244.0.0"], /--cluster-cidr: "10\.244\.0\.0" is not an IPv4 CIDR like 10\.244\.0\.0\/16/],
    [["--cluster-cidr", "10.244.1.0/16"], /--cluster-cidr: "10\.244\.1\.0\/16" has host bits set: the range it names is 10\.244\.0\.0\/16/],
    [["--cluster-cidr", "10.244.0.0/24", "--node-cidr-mask-size", "24"], /--node-cidr-mask-size: \/24 is not smaller than --cluster-cidr 10\.244\.0\.0\/24/],
    [["--service-cluster-ip-range", "10.96.0.0/12"], /--service-cluster-ip-range: 10\.96\.0\.0\/12 .* does not fit in half a node block/],
    [["--cluster-cidr", "10.0.0.0/8"], /--service-cluster-ip-range: 10\.96\.0\.0\/24 overlaps --cluster-cidr 10\.0\.0\.0\/8/],
  ])("refuses %j", async (flags, message) => {
    const r = await serverWith(flags);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).not.toMatch(/listening/);
  }, 30_000);
});
