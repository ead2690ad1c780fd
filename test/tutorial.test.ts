// The tutorial (docs/tutorial-follow-a-deployment.md) cannot rot: this test runs its commands
// against a real cluster and checks that they print what the page says.
//
// The convention, for anyone writing a page like it:
//   - A fenced block marked ```sh holds commands. Each such block runs, in the page's order, in a
//     new `bash -e`, in a folder where the cluster's directory is `.skiff-local/` (as after
//     `npm run demo`) and with `skiff` on the PATH. A block must stand on its own: shell variables
//     do not carry over from one block to the next.
//   - A ```text block right after it lists what the output (stdout and stderr together) must hold:
//     each of its non-empty lines must be found within one line of the output, in any order. Runs
//     of spaces count as one space, and `...` stands for any text (`10.244....` is `10.244.`
//     followed by anything).
//   - A block that fails (non-zero exit, or a line not found) is run again until it passes or 20 s
//     have gone by: things settle (a deleted pod on its way out, Endpoints on their way to the
//     proxies). So a block must be safe to run twice, or pass the first time.
//   - A ```sh block for the reader only (it runs forever, or starts the demo) is preceded by the
//     line `<!-- not tested: why -->`, and skipped.
// It also checks that every relative link in docs/*.md points to a file that exists, and that each
// package has a README.
//
// The cluster is `skiff up --agents 3` in a temp folder, on a free port, with its own client
// config and node names, and SKIFF_TRACE=api,scheduler as the tutorial suggests. Like every e2e
// test, it cannot share this machine's Docker with another cluster that is up (`npm run demo`):
// both would give their first node the same pod subnet.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, REPO, skiff, tempDir } from "./support/skiff.js";

const TUTORIAL = join(REPO, "docs/tutorial-follow-a-deployment.md");
const RETRY_MS = 20_000;

export interface Step {
  line: number;
  commands: string;
  expect: string[];
  skip?: string;
}

/** The ```sh blocks of a page, each with the ```text block after it and its skip reason. */
export function parseSteps(markdown: string): Step[] {
  const lines = markdown.split("\n");
  const steps: Step[] = [];
  let last: Step | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!fence) {
      if (lines[i]!.trim() !== "") last = undefined;
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (fence[1] === "sh") {
      const before = lines.slice(0, start).reverse().find((l) => l.trim() !== "") ?? "";
      const skip = /^<!--\s*not tested:\s*(.+?)\s*-->$/.exec(before.trim())?.[1];
      last = { line: start + 1, commands: body.join("\n"), expect: [], skip };
      steps.push(last);
    } else if (fence[1] === "text" && last && last.expect.length === 0) {
      last.expect = body.filter((l) => l.trim() !== "");
      last = undefined;
    } else last = undefined;
  }
  return steps;
}

/** An expected line as a pattern: spaces loose, `...` any text. */
export function expectation(line: string): RegExp {
  const source = line
    .trim()
    .split(/(\.{3,})/)
    .map((part, i) => {
      if (i % 2 === 1) return "\\.".repeat(part.length - 3) + ".*";
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
    })
    .join("");
  return new RegExp(source);
}

export function missing(output: string, expected: string[]): string[] {
  const lines = output.split("\n");
  return expected.filter((e) => !lines.some((l) => expectation(e).test(l)));
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output }));
  });
}

describe("the conventions of tested docs", () => {
  it("reads blocks, their expectations and skips", () => {
    const page = ["<!-- not tested: forever -->", "```sh", "a -w", "```", "", "```sh", "b", "c", "```", "```text", "x  y", "```", "```yaml", "k: v", "```"].join("\n");
    expect(parseSteps(page)).toEqual([
      { line: 2, commands: "a -w", expect: [], skip: "forever" },
      { line: 6, commands: "b\nc", expect: ["x  y"], skip: undefined },
    ]);
  });

  it("compares spaces loosely and reads ... as anything", () => {
    expect(missing("hello-7f9   1/1     Running", ["hello-... 1/1 Running"])).toEqual([]);
    expect(missing("hello 10.244.4.4:8080,10.244.2.3:8080   5s", ["hello 10.244....:8080,10.244....:8080 ..."])).toEqual([]);
    expect(missing("hello 10244x4", ["hello 10.244...."])).toEqual(["hello 10.244...."]);
    expect(missing("a\nb", ["a b"])).toEqual(["a b"]);
  });
});

describe("docs", () => {
  it("every relative link in docs/ points to a file that exists", () => {
    const docs = join(REPO, "docs");
    const broken: string[] = [];
    for (const file of readdirSync(docs).filter((f) => f.endsWith(".md"))) {
      const text = readFileSync(join(docs, file), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith("#")) continue;
        const path = resolve(docs, target!.split("#")[0]!);
        if (!existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("each package has a README", () => {
    const packages = readdirSync(join(REPO, "packages")).filter((p) => statSync(join(REPO, "packages", p)).isDirectory());
    expect(packages.filter((p) => !existsSync(join(REPO, "packages", p, "README.md")))).toEqual([]);
  });
});

describe("docs/tutorial-follow-a-deployment.md", () => {
  let dir: { path: string; remove(): Promise<void> };
  let env: Record<string, string>;
  const prefix = `tut${Math.random().toString(16).slice(2, 6)}`;

  beforeAll(async () => {
    dir = await tempDir("tutorial");
    env = {
      SKIFF_CONFIG: join(dir.path, "config"),
      SKIFF_SERVER: "",
      SKIFF_TRACE: "api,scheduler",
      PATH: `${join(REPO, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    };
    const port = String(await freePort());
    const up = await skiff(["up", "--agents", "3", "--dir", join(dir.path, ".skiff-local"), "--port", port, "--node-prefix", prefix, "--kube-listen", "127.0.0.1:0"], { env, cwd: dir.path });
    expect(up.code, up.stdout + up.stderr).toBe(0);
  });

  afterAll(async () => {
    if (dir) {
      await skiff(["down", "--dir", join(dir.path, ".skiff-local")], { env, cwd: dir.path });
      await dir.remove();
    }
  });

  it("runs every command and prints what the page says", async () => {
    const steps = parseSteps(readFileSync(TUTORIAL, "utf8"));
    const run = steps.filter((s) => !s.skip);
    expect(run.length).toBeGreaterThan(10);
    for (const step of run) {
      const deadline = Date.now() + RETRY_MS;
      for (;;) {
        const { code, output } = await bash(step.commands, dir.path, env);
        const absent = missing(output, step.expect);
        if (code === 0 && absent.length === 0) break;
        if (Date.now() > deadline) {
          const serverLog = join(dir.path, ".skiff-local", "server.log");
          const tail = existsSync(serverLog) ? readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n") : "";
          throw new Error(
            `${dirname(TUTORIAL)}/tutorial-follow-a-deployment.md:${step.line}: the block\n${step.commands}\n` +
              `exited ${code}; lines not found: ${JSON.stringify(absent)}\noutput:\n${output}\n--- server log (last lines)\n${tail}`,
          );
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }, 300_000);
});
