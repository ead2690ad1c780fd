import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticateServiceAccount } from "./authenticator.js";
import { issueToken, looksLikeJwt, serviceAccountUser, signingKey, verifyToken, type TokenSubject } from "./token.js";

const pem = (bits = 2048) => generateKeyPairSync("rsa", { modulusLength: bits }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const key = signingKey(pem());
const subject: TokenSubject = { namespace: "team-a", serviceAccount: { name: "robot", uid: "sa-1" }, pod: { name: "web", uid: "pod-1" }, node: "n1" };
const T0 = Date.UTC(2026, 0, 1);

describe("ServiceAccount tokens", () => {
  it("issues a JWT that verifies, with Kubernetes' claims, until it expires", () => {
    const { token, claims } = issueToken(subject, key, T0, 600);
    expect(looksLikeJwt(token)).toBe(true);
    expect(claims.expiresAt - claims.issuedAt).toBe(600);
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(payload.sub).toBe("system:serviceaccount:team-a:robot");
    expect(payload["kubernetes.io"]).toEqual({ namespace: "team-a", serviceaccount: { name: "robot", uid: "sa-1" }, pod: { name: "web", uid: "pod-1" }, node: { name: "n1" } });
    expect(verifyToken(token, key, T0 + 599_000)).toMatchObject({ claims: { namespace: "team-a", pod: { uid: "pod-1" } } });
    expect(verifyToken(token, key, T0 + 600_000)).toEqual({ refused: "expired token" });
  });

  it("refuses a token signed by another key, or altered", () => {
    const { token } = issueToken(subject, key, T0, 600);
    expect(verifyToken(token, signingKey(pem()), T0)).toEqual({ refused: "wrong token" });
    const [h, body, sig] = token.split(".") as [string, string, string];
    const forged = Buffer.from(Buffer.from(body, "base64url").toString().replace("robot", "admin")).toString("base64url");
    expect(verifyToken(`${h}.${forged}.${sig}`, key, T0)).toEqual({ refused: "wrong token" });
    expect(verifyToken("abc.def", key, T0)).toEqual({ refused: "malformed token" });
    expect(looksLikeJwt("k2x9qa.0123456789abcdefghijklmn")).toBe(false);
  });

  it("signs ES256 with a key derived from the CA key: every server holding the CA verifies it", () => {
    const caPem = pem();
    const { token } = issueToken(subject, signingKey(caPem), T0, 600);
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toEqual({ alg: "ES256", kid: "skiff-sa-es256", typ: "JWT" });
    // r || s: 64 bytes, as JWS has it (DER would be 70-72).
    expect(Buffer.from(token.split(".")[2]!, "base64url")).toHaveLength(64);
    expect(verifyToken(token, signingKey(caPem), T0)).toMatchObject({ claims: { namespace: "team-a" } });
  });

  it("still verifies an RS256 token an older server signed with the CA key itself; refuses other algorithms", () => {
    const caPem = pem();
    const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: "skiff-ca", typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ iss: "https://kubernetes.default.svc.cluster.local", exp: T0 / 1000 + 600, nbf: T0 / 1000, "kubernetes.io": { namespace: "team-a", serviceaccount: { name: "robot", uid: "sa-1" } } })).toString("base64url");
    const rs256 = `${header}.${body}.${sign("sha256", Buffer.from(`${header}.${body}`), createPrivateKey(caPem)).toString("base64url")}`;
    expect(verifyToken(rs256, signingKey(caPem), T0)).toMatchObject({ claims: { serviceAccount: { name: "robot" } } });
    expect(verifyToken(rs256, signingKey(pem()), T0)).toEqual({ refused: "wrong token" });
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${body}.`;
    expect(verifyToken(none, signingKey(caPem), T0)).toEqual({ refused: "wrong token" });
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url")}.${body}.c2ln`;
    expect(verifyToken(hs, signingKey(caPem), T0)).toEqual({ refused: "wrong token" });
  });

  it("names the account's user and groups as Kubernetes does", () => {
    expect(serviceAccountUser("team-a", "robot")).toEqual({
      name: "system:serviceaccount:team-a:robot",
      groups: ["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"],
    });
  });

  it("authenticates only while the pod and the account it is bound to exist (same uids)", () => {
    const { token } = issueToken(subject, key, T0, 600);
    const world = (sa: string | undefined, pod: string | undefined) => ({ serviceAccount: () => sa, pod: () => pod });
    expect(authenticateServiceAccount(token, key, T0, world("sa-1", "pod-1"))).toEqual({ user: serviceAccountUser("team-a", "robot") });
    expect(authenticateServiceAccount(token, key, T0, world("sa-1", undefined))).toMatchObject({ refusal: { reason: "pod gone" } });
    expect(authenticateServiceAccount(token, key, T0, world("sa-1", "pod-2"))).toMatchObject({ refusal: { reason: "pod gone" } });
    expect(authenticateServiceAccount(token, key, T0, world("sa-2", "pod-1"))).toMatchObject({ refusal: { reason: "service account gone" } });
    expect(authenticateServiceAccount(token, key, T0 + 601_000, world("sa-1", "pod-1"))).toMatchObject({ refusal: { reason: "expired token" } });
  });
});
