// skiff kubeconfig: print the server's kubeconfig, or merge it into kubectl's without disturbing the rest.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { skiff } from "../test-cli.js";
import { kubeconfigServer, mergeKubeconfig } from "./kubeconfig.js";

// No server here: the command only reads and writes files (test-cli.ts would load one).
vi.mock("@skiff/server", () => ({}));

// What `skiff server` writes (@skiff/server security/kubeconfig.ts).
const OURS = stringify({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: "skiff", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": "Q0E=" } }],
  users: [{ name: "skiff-admin", user: { token: "abc.def" } }],
  contexts: [{ name: "skiff", context: { cluster: "skiff", user: "skiff-admin", namespace: "default" } }],
  "current-context": "skiff",
  preferences: {},
});

// A kubectl config with another cluster, an old skiff cluster, and a comment.
const THEIRS = `# my clusters
apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: { server: "https://prod.example:6443" }
  - name: skiff
    cluster: { server: "https://127.0.0.1:9999" }
users:
  - name: prod-admin
    user: { token: prod-token }
contexts:
  - name: prod
    context: { cluster: prod, user: prod-admin }
  - name: skiff
    context: { cluster: skiff, user: skiff-admin, namespace: team-a }
current-context: prod
`;

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "skiff-kubeconfig-cmd-"));
  vi.stubEnv("HOME", home);
  vi.stubEnv("SKIFF_CONFIG", "");
  vi.stubEnv("KUBECONFIG", "");
  mkdirSync(join(home, ".skiff"));
  writeFileSync(join(home, ".skiff", "kubeconfig"), OURS, { mode: 0o600 });
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

describe("skiff kubeconfig", () => {
  it("prints the kubeconfig beside ~/.skiff/config", async () => {
    expect(await skiff("kubeconfig")).toEqual({ code: 0, stdout: OURS, stderr: "" });
  });

  it("prints the one beside $SKIFF_CONFIG", async () => {
    const other = join(home, "elsewhere");
    mkdirSync(other);
    writeFileSync(join(other, "kubeconfig"), "kind: Config\n");
    vi.stubEnv("SKIFF_CONFIG", join(other, "config"));
    expect((await skiff("kubeconfig")).stdout).toBe("kind: Config\n");
  });

  it("says how to get one when there is none", async () => {
    rmSync(join(home, ".skiff", "kubeconfig"));
    const path = join(home, ".skiff", "kubeconfig");
    expect(await skiff("kubeconfig")).toEqual({ code: 1, stdout: "", stderr: `error: no kubeconfig at ${path}: start 'skiff server' (or 'skiff up') first\n` });
    expect((await skiff("kubeconfig", "--merge")).code).toBe(1);
  });

  it("reads the address `skiff up` shows", () => {
    expect(kubeconfigServer(join(home, ".skiff", "kubeconfig"))).toBe("https://127.0.0.1:6443");
    expect(kubeconfigServer(join(home, "none"))).toBeUndefined();
  });

  it("--use needs --merge", async () => {
    const r = await skiff("kubeconfig", "--use");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("merge");
  });
});

describe("skiff kubeconfig --merge", () => {
  it("creates ~/.kube/config, private, without choosing a current context", async () => {
    const target = join(home, ".kube", "config");
    expect(await skiff("kubeconfig", "--merge")).toEqual({
      code: 0,
      stdout:
        `created ${target}: cluster "skiff" added, user "skiff-admin" added, context "skiff" added\n` +
        `current context unchanged (none); 'kubectl config use-context skiff' or --use switches to skiff\n`,
      stderr: "",
    });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, ".kube")).mode & 0o777).toBe(0o700);
    const merged = parse(readFileSync(target, "utf8"));
    expect(merged).toMatchObject({ apiVersion: "v1", kind: "Config", clusters: parse(OURS).clusters, users: parse(OURS).users, contexts: parse(OURS).contexts });
    expect(merged["current-context"]).toBeUndefined();
  });

  it("replaces skiff's entries and keeps every other one, the comments, the current context and the chosen namespace", async () => {
    const target = join(home, ".kube", "config");
    mkdirSync(join(home, ".kube"));
    writeFileSync(target, THEIRS, { mode: 0o644 });
    const r = await skiff("kubeconfig", "--merge");
    expect(r.stdout).toBe(
      `merged into ${target}: cluster "skiff" replaced, user "skiff-admin" added, context "skiff" replaced\n` +
        `current context unchanged ("prod"); 'kubectl config use-context skiff' or --use switches to skiff\n`,
    );
    const text = readFileSync(target, "utf8");
    expect(text).toMatch(/^# my clusters\n/);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const kc = new KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentContext()).toBe("prod");
    expect(kc.getClusters().map((c) => [c.name, c.server])).toEqual([
      ["prod", "https://prod.example:6443"],
      ["skiff", "https://127.0.0.1:6443"],
    ]);
    expect(kc.getUsers().map((u) => [u.name, u.token])).toEqual([
      ["prod-admin", "prod-token"],
      ["skiff-admin", "abc.def"],
    ]);
    expect(kc.getContexts().map((c) => [c.name, c.namespace])).toEqual([
      ["prod", undefined],
      ["skiff", "team-a"],
    ]);
  });

  it("--use also makes skiff the current context", async () => {
    const target = join(home, ".kube", "config");
    mkdirSync(join(home, ".kube"));
    writeFileSync(target, THEIRS);
    expect((await skiff("kubeconfig", "--merge", "--use")).stdout).toMatch(/\ncurrent context: "skiff"\n$/);
    expect(parse(readFileSync(target, "utf8"))["current-context"]).toBe("skiff");
  });

  it("writes $KUBECONFIG's first file, not ~/.kube/config", async () => {
    const first = join(home, "k", "first");
    const second = join(home, "k", "second");
    vi.stubEnv("KUBECONFIG", `${first}:${second}`);
    expect((await skiff("kubeconfig", "--merge")).code).toBe(0);
    expect(parse(readFileSync(first, "utf8")).clusters[0].name).toBe("skiff");
    expect(() => statSync(second)).toThrow();
    expect(() => statSync(join(home, ".kube", "config"))).toThrow();
  });

  it("leaves a broken kubectl config alone and says so", async () => {
    const target = join(home, ".kube", "config");
    mkdirSync(join(home, ".kube"));
    writeFileSync(target, "clusters: [oops\n");
    const r = await skiff("kubeconfig", "--merge");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${target} is not valid YAML .*: fix it, or set KUBECONFIG to another file\n$`));
    expect(readFileSync(target, "utf8")).toBe("clusters: [oops\n");
  });
});

describe("mergeKubeconfig", () => {
  it("fills an empty file", () => {
    const { text, changes, currentContext } = mergeKubeconfig("", OURS, true);
    expect(changes).toHaveLength(3);
    expect(currentContext).toBe("skiff");
    expect(parse(text)).toMatchObject({ apiVersion: "v1", kind: "Config", "current-context": "skiff" });
  });

  it("gives lists to sections that are null", () => {
    const { text } = mergeKubeconfig("apiVersion: v1\nkind: Config\nclusters:\nusers: null\n", OURS, false);
    expect(parse(text).users).toEqual(parse(OURS).users);
  });

  it.each([["- a list\n"], ["clusters: nope\n"]])("refuses what is not a kubeconfig: %j", (target) => {
    expect(() => mergeKubeconfig(target, OURS, false, "K")).toThrow(/^K/);
  });

  it("is the same when run twice", () => {
    const once = mergeKubeconfig(THEIRS, OURS, false).text;
    expect(mergeKubeconfig(once, OURS, false).text).toBe(once);
  });
});
