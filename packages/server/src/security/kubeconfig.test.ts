import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createLogger } from "../log.js";
import { kubeconfigPathFor } from "@skiff/api";
import { kubeconfigText, kubeServerUrl, writeKubeconfig } from "./kubeconfig.js";
import { prepareSecurity } from "./setup.js";

const dir = mkdtempSync(join(tmpdir(), "skiff-kubeconfig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const content = { server: "https://127.0.0.1:6443", caPem: CA, token: "abc123.s3cret" };

describe("the kubeconfig's text", () => {
  it("has one cluster, user and context, the CA and the token inline", () => {
    expect(parse(kubeconfigText(content))).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "skiff", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": Buffer.from(CA).toString("base64") } }],
      users: [{ name: "skiff-admin", user: { token: "abc123.s3cret" } }],
      contexts: [{ name: "skiff", context: { cluster: "skiff", user: "skiff-admin", namespace: "default" } }],
      "current-context": "skiff",
      preferences: {},
    });
  });

  it("never skips TLS verification, and keeps a long CA on one line", () => {
    const text = kubeconfigText({ ...content, caPem: CA.repeat(20) });
    expect(text).not.toContain("insecure-skip-tls-verify");
    expect(text).toMatch(/^ {6}certificate-authority-data: [A-Za-z0-9+/=]{200,}$/m);
  });

  it("is what @kubernetes/client-node reads: the server, the CA, the token, the namespace", () => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfigText({ ...content, namespace: "team-a" }));
    expect(kc.getCurrentContext()).toBe("skiff");
    expect(kc.getCurrentCluster()).toMatchObject({ name: "skiff", server: "https://127.0.0.1:6443", skipTLSVerify: false });
    expect(Buffer.from(kc.getCurrentCluster()!.caData!, "base64").toString()).toBe(CA);
    expect(kc.getCurrentUser()).toMatchObject({ name: "skiff-admin", token: "abc123.s3cret" });
    expect(kc.getContextObject("skiff")?.namespace).toBe("team-a");
  });

  it("takes HOST:PORT or a URL as the server", () => {
    expect(kubeServerUrl("127.0.0.1:6443")).toBe("https://127.0.0.1:6443");
    expect(kubeServerUrl("[::1]:6443")).toBe("https://[::1]:6443");
    expect(kubeServerUrl("https://cp.example:6443")).toBe("https://cp.example:6443");
  });
});

describe("where the kubeconfig goes", () => {
  it("is beside the client config", () => {
    expect(kubeconfigPathFor("/home/u/.skiff/config")).toBe("/home/u/.skiff/kubeconfig");
    expect(kubeconfigPathFor("/skiff-compose/config")).toBe("/skiff-compose/kubeconfig");
  });
});

describe("writing the kubeconfig", () => {
  it("makes a private file in a private new directory", async () => {
    const path = join(dir, "new", "kubeconfig");
    await writeKubeconfig(path, content);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "new")).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, "utf8")).toBe(kubeconfigText(content));
  });

  it("keeps the namespace the context already had, and the new address", async () => {
    const path = join(dir, "keep", "kubeconfig");
    await writeKubeconfig(path, content);
    const edited = parse(readFileSync(path, "utf8"));
    edited.contexts[0].context.namespace = "team-a";
    writeFileSync(path, JSON.stringify(edited));
    await writeKubeconfig(path, { ...content, server: "https://127.0.0.1:40001" });
    expect(readFileSync(path, "utf8")).toBe(kubeconfigText({ ...content, server: "https://127.0.0.1:40001", namespace: "team-a" }));
  });

  it.each([["not: [yaml"], ["just a string"], ["contexts: 3"], [""]])("replaces a broken file (%j)", async (broken) => {
    const path = join(dir, "broken", "kubeconfig");
    await writeKubeconfig(path, content);
    writeFileSync(path, broken);
    await writeKubeconfig(path, content);
    expect(readFileSync(path, "utf8")).toBe(kubeconfigText(content));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe("the server's security set-up", () => {
  it("writes the kubeconfig only once the admin token exists, then on every start, with the client config's token", async () => {
    const dataDir = join(dir, "data");
    const user = join(dir, "home", ".skiff", "kubeconfig");
    const security = await prepareSecurity(dataDir, createLogger("silent"));
    await security.writeKubeconfig("127.0.0.1:6443", user);
    expect(existsSync(join(dataDir, "admin.kubeconfig"))).toBe(false);
    expect(existsSync(user)).toBe(false);

    await security.writeClientConfig("127.0.0.1:7443", join(dir, "home", ".skiff", "config"));
    await security.writeKubeconfig("127.0.0.1:6443", user);
    const token = /^token: (\S+)$/m.exec(readFileSync(join(dir, "home", ".skiff", "config"), "utf8"))![1]!;
    const expected = kubeconfigText({ server: "https://127.0.0.1:6443", caPem: security.ca.certPem, token });
    expect(readFileSync(join(dataDir, "admin.kubeconfig"), "utf8")).toBe(expected);
    expect(readFileSync(user, "utf8")).toBe(expected);

    // A later start on another port writes both again.
    await security.writeKubeconfig("127.0.0.1:40002", user);
    expect(parse(readFileSync(user, "utf8")).clusters[0].cluster.server).toBe("https://127.0.0.1:40002");
    expect(parse(readFileSync(join(dataDir, "admin.kubeconfig"), "utf8")).clusters[0].cluster.server).toBe("https://127.0.0.1:40002");
  });
});
