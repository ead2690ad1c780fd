// The served identity follows renewals, and only a server's certificate passes the caller check.
import { describe, expect, it } from "vitest";
import { notFromServer, ServingIdentity } from "./tls.js";

const creds = (n: number) => ({ keyPem: `key-${n}`, certPem: `cert-${n}`, caPem: "ca" });

describe("ServingIdentity", () => {
  it("tells grpc-js the node's certificate, then the renewed one", async () => {
    const served = new ServingIdentity(creds(1));
    const seen: string[] = [];
    served.addIdentityCertificateListener((u) => seen.push(String(u?.certificate)));
    await Promise.resolve();
    served.update(creds(2));
    expect(seen).toEqual(["cert-1", "cert-2"]);
  });
});

describe("notFromServer", () => {
  it("lets a server's certificate in, and names what else was shown", () => {
    expect(notFromServer({ sslPeerCertificate: { subject: { CN: "skiff-server" } as never } })).toBeUndefined();
    expect(notFromServer({ sslPeerCertificate: { subject: { CN: "node:n2" } as never } })).toBe('the client certificate is "node:n2", not a skiff server\'s');
    expect(notFromServer(null)).toBe("the call carried no client certificate");
  });
});
