// edit against a real server, with scripted editors standing in for a person.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer, type TestServer } from "../test-cli.js";
import { createDeployment } from "./workload-fixtures.js";

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = mkdtempSync(join(tmpdir(), "skiff-editor-"));
  await createDeployment(s.client, "web", "nginx:1");
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An editor: a node script given the file's path; `body` is its code, with `file`, `text` and `n` (its run count). */
function editor(name: string, body: string): string {
  const script = join(dir, `${name}.mjs`);
  writeFileSync(
    script,
    `import { readFileSync, writeFileSync, existsSync } from "node:fs";
const file = process.argv[2];
const count = ${JSON.stringify(join(dir, `${name}.count`))};
const n = existsSync(count) ? Number(readFileSync(count, "utf8")) + 1 : 1;
writeFileSync(count, String(n));
writeFileSync(${JSON.stringify(join(dir, `${name}.seen`))} + n, readFileSync(file, "utf8"));
let text = readFileSync(file, "utf8");
${body}
writeFileSync(file, text);
`,
  );
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`;
}

describe("edit", () => {
  it("saves what the editor changed", async () => {
    vi.stubEnv("KUBE_EDITOR", editor("scale", `text = text.replace("replicas: 3", "replicas: 5");`));
    const r = await s.at("edit", "deployment/web");
    expect(r).toEqual({ code: 0, stdout: "deployment.apps/web edited\n", stderr: "" });
    expect((await s.client.deployments.get("web")).spec.replicas).toBe(5);
    const seen = readFileSync(join(dir, "scale.seen1"), "utf8");
    expect(seen).toMatch(/^# Please edit the object below\./);
    expect(seen).toContain("kind: Deployment\n");
  });

  it("says so when nothing changed, or the file was emptied", async () => {
    vi.stubEnv("KUBE_EDITOR", editor("nothing", ""));
    expect(await s.at("edit", "deploy", "web")).toEqual({ code: 0, stdout: "", stderr: "Edit cancelled, no changes made.\n" });
    vi.stubEnv("KUBE_EDITOR", editor("empty", `text = "";`));
    expect((await s.at("edit", "deploy/web")).stderr).toBe("Edit cancelled, no changes made.\n");
  });

  it("re-opens with the server's refusal as comments, then saves the fix", async () => {
    vi.stubEnv("KUBE_EDITOR", editor("fix", `text = n === 1 ? text.replace("replicas: 5", "replicas: -1") : text.replace("replicas: -1", "replicas: 2");`));
    const r = await s.at("edit", "deploy/web");
    expect(r).toEqual({ code: 0, stdout: "deployment.apps/web edited\n", stderr: "" });
    const second = readFileSync(join(dir, "fix.seen2"), "utf8");
    expect(second).toMatch(/^# Please edit[\s\S]*\n# deployments\.apps "web" was not valid:\n# \* .*spec\.replicas/);
    expect(second).toContain("replicas: -1\n");
    expect((await s.client.deployments.get("web")).spec.replicas).toBe(2);
  });

  it("re-opens on YAML that does not parse, and gives up when saved unchanged", async () => {
    vi.stubEnv("KUBE_EDITOR", editor("broken", `if (n === 1) text = text + "\\n  bad: [\\n";`));
    const r = await s.at("edit", "deploy/web");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Edit cancelled, no valid changes were saved\.\nerror: A copy of your changes has been stored to ".*"\n$/);
    expect(readFileSync(join(dir, "broken.seen2"), "utf8")).toMatch(/\n# error: /);
  });

  it("refuses to turn the object into another", async () => {
    vi.stubEnv("KUBE_EDITOR", editor("rename", `text = n === 1 ? text.replace("name: web\\n", "name: other\\n") : text;`));
    const r = await s.at("edit", "deploy/web");
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, "rename.seen2"), "utf8")).toContain("# error: At least one of apiVersion, kind and name was changed\n");
  });
});
