// For the tests of the node network's parts (test/dns, test/proxy): a bridge network of their
// own, containers on it that run one script, and cleanup by the test's label.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DockerRuntime, type ContainerConfig } from "@skiff/agent";
import { TEST_IMAGE } from "./cluster.js";

export class TestNetwork {
  readonly rt = new DockerRuntime();
  readonly run = randomBytes(3).toString("hex");
  readonly labels: Record<string, string>;

  /** `part` names the test (label skiff.test.networking=<part>); `name` is the Docker network. */
  constructor(
    readonly part: string,
    readonly name: string,
  ) {
    this.labels = { "skiff.test.run": this.run, "skiff.test.networking": part };
  }

  /** The test image, and nothing left from an earlier, interrupted run. */
  prepare(): void {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    execFileSync("bash", ["scripts/test-image.sh"], { cwd: root, stdio: "inherit" });
    this.removeLeftovers();
  }

  /** Runs `script` in a container on the network; its exit code and output. */
  async inContainer(script: string, extra: Pick<ContainerConfig, "dns" | "dnsSearch"> = {}): Promise<{ code: number | undefined; out: string }> {
    const name = `skiff-test-${this.run}-${randomBytes(3).toString("hex")}`;
    const id = await this.rt.createContainer({ name, image: TEST_IMAGE, labels: this.labels, networkMode: this.name, command: ["sh", "-c", script], ...extra });
    await this.rt.startContainer(id);
    const deadline = Date.now() + 20_000;
    let info = await this.rt.inspectContainer(id);
    while (info?.state === "running" || info?.state === "created") {
      if (Date.now() > deadline) throw new Error(`container did not finish: ${script}`);
      await new Promise((r) => setTimeout(r, 100));
      info = await this.rt.inspectContainer(id);
    }
    let out = "";
    for await (const chunk of this.rt.logs(id)) out += chunk.toString();
    return { code: info?.exitCode, out };
  }

  /** Containers first, then networks, carrying this test's label. */
  removeLeftovers(): void {
    const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).split("\n").filter(Boolean);
    const containers = docker("ps", "-aq", "--filter", `label=skiff.test.networking=${this.part}`);
    if (containers.length) docker("rm", "-f", ...containers);
    const networks = docker("network", "ls", "-q", "--filter", `label=skiff.test.networking=${this.part}`);
    if (networks.length) docker("network", "rm", ...networks);
  }
}
