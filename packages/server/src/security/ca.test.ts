import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { connect as tlsConnect, createServer as createTlsServer } from "node:tls";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { caCertHash } from "@skiff/api";
import { issueAgentClientCertificate, issueNodeCertificate, issueServerCertificate, loadOrCreateCA } from "./ca.js";

const dir = mkdtempSync(join(tmpdir(), "skiff-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the cluster CA", () => {
  it("issues the server's agent client certificate: CN skiff-server, client auth only, verified by the CA", async () => {
    const ca = await loadOrCreateCA(dir);
    const { certPem, keyPem } = await issueAgentClientCertificate(ca);
    const cert = new X509Certificate(certPem);
    expect(cert.subject).toBe("CN=skiff-server");
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
  });

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

  it("signs EC P-256 node keys (what agents make), verifiable with the CA, with no key encipherment", async () => {
    const ca = await loadOrCreateCA(dir);
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = issueNodeCertificate(ca, "sim-001", publicKey.export({ type: "spki", format: "pem" }) as string);
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe("CN=node:sim-001");
    expect(cert.issuer).toBe("CN=skiff-ca");
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe("ec");
  });

  it("an EC node certificate passes mutual TLS against the server's certificate, trusted through the CA", async () => {
    const ca = await loadOrCreateCA(dir);
    const server = await issueServerCertificate(ca, []);
    const node = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const nodeCert = issueNodeCertificate(ca, "sim-002", node.publicKey.export({ type: "spki", format: "pem" }) as string);
    const seen = new Promise<string>((resolve, reject) => {
      const srv = createTlsServer({ key: server.keyPem, cert: server.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (socket) => {
        resolve(socket.authorized ? String(socket.getPeerCertificate().subject.CN) : `refused: ${socket.authorizationError}`);
        socket.end();
        srv.close();
      }).listen(0, "127.0.0.1", () => {
        const port = (srv.address() as { port: number }).port;
        const client = tlsConnect({ host: "127.0.0.1", port, ca: ca.certPem, servername: "skiff-server", key: node.privateKey.export({ type: "pkcs8", format: "pem" }), cert: nodeCert });
        client.on("error", reject);
        client.on("data", () => undefined);
      });
    });
    expect(await seen).toBe("node:sim-002");
  });

  it("refuses node keys that are too weak or of another kind, naming what it got", async () => {
    const ca = await loadOrCreateCA(dir);
    const spki = (k: { export(o: object): string | Buffer }) => k.export({ type: "spki", format: "pem" }) as string;
    expect(() => issueNodeCertificate(ca, "n", spki(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey))).toThrow(/EC P-256 or RSA of at least 2048 bits, not rsa 1024/);
    expect(() => issueNodeCertificate(ca, "n", spki(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey))).toThrow(/not ec secp384r1/);
    expect(() => issueNodeCertificate(ca, "n", "not a key")).toThrow(/not a public key in PEM/);
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
