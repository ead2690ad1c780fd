import { describe, expect, it } from "vitest";
import { peerAuthContext } from "./peer-auth.js";

const certificate = (cn: string) => ({ transportSecurityType: "ssl", sslPeerCertificate: { subject: { CN: cn } } });

/** A call as grpc-js chains them: interceptors' calls down to the one holding the HTTP/2 stream. */
function callOn(socket: object | undefined, cn: string) {
  const read = { count: 0 };
  const base = { stream: { session: { socket } } };
  return { read, call: { nextCall: { nextCall: base }, getAuthContext: () => (read.count++, certificate(cn)) } };
}

describe("peerAuthContext", () => {
  it("reads a connection's certificate once, whatever the number of calls on it", () => {
    const socket = {};
    const first = callOn(socket, "system:node:n1");
    const second = callOn(socket, "system:node:n1");
    expect(peerAuthContext(first.call)).toEqual(certificate("system:node:n1"));
    expect(peerAuthContext(second.call)).toEqual(certificate("system:node:n1"));
    expect(first.read.count + second.read.count).toBe(1);
  });

  it("reads each connection's own", () => {
    const a = callOn({}, "system:node:a");
    const b = callOn({}, "system:node:b");
    expect(peerAuthContext(a.call).sslPeerCertificate?.subject?.CN).toBe("system:node:a");
    expect(peerAuthContext(b.call).sslPeerCertificate?.subject?.CN).toBe("system:node:b");
  });

  it("without a connection to find, reads it on every call (as grpc-js does)", () => {
    const lost = callOn(undefined, "system:node:n1");
    peerAuthContext(lost.call);
    peerAuthContext(lost.call);
    expect(lost.read.count).toBe(2);
  });
});
