import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { caCertHash } from "@skiff/api";
import { issueNodeCertificate, issueServerCertificate, loadOrCreateCA } from "./ca.js";

const dir = mkdtempSync(join(tmpdir(), "skiff-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the cluster CA", () => {
  it("is made once, its key readable by its owner only, and read back the same", async () => {
    const ca = await loadOrCreateCA(dir);
    expect(statSync(join(dir, "pki", "ca.key")).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateCA(dir)).hash).toBe(ca.hash);
    expect(ca.hash).toBe(caCertHash(ca.certPem));
    expect(new X509Certificate(ca.certPem).ca).toBe(true);
  });

  it("signs node certificates naming the node, for the node's own key", async () => {
    const ca = await loadOrCreateCA(dir);
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = issueNodeCertificate(ca, "worker-1", publicKey.export({ type: "spki", format: "pem" }) as string, 60_000);
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe("CN=node:worker-1");
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(publicKey.export({ type: "spki", format: "pem" }));
    expect(Date.parse(cert.validTo) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("gives the server certificate its addresses and the name clients check", async () => {
    const ca = await loadOrCreateCA(dir);
    const { certPem } = await issueServerCertificate(ca, ["10.1.2.3", "cp.example"]);
    const san = new X509Certificate(certPem).subjectAltName ?? "";
    for (const name of ["DNS:skiff-server", "DNS:localhost", "IP Address:127.0.0.1", "IP Address:10.1.2.3", "DNS:cp.example"]) expect(san).toContain(name);
  });

  it("pins by the public key: another CA has another hash", async () => {
    const other = mkdtempSync(join(tmpdir(), "skiff-ca-other-"));
    try {
      expect((await loadOrCreateCA(other)).hash).not.toBe((await loadOrCreateCA(dir)).hash);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
