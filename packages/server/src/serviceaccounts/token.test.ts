import { generateKeyPairSync } from "node:crypto";
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
    expect(verifyToken(token, key.publicKey, T0 + 599_000)).toMatchObject({ claims: { namespace: "team-a", pod: { uid: "pod-1" } } });
    expect(verifyToken(token, key.publicKey, T0 + 600_000)).toEqual({ refused: "expired token" });
  });

  it("refuses a token signed by another key, or altered", () => {
    const { token } = issueToken(subject, key, T0, 600);
    expect(verifyToken(token, signingKey(pem()).publicKey, T0)).toEqual({ refused: "wrong token" });
    const [h, body, sig] = token.split(".") as [string, string, string];
    const forged = Buffer.from(Buffer.from(body, "base64url").toString().replace("robot", "admin")).toString("base64url");
    expect(verifyToken(`${h}.${forged}.${sig}`, key.publicKey, T0)).toEqual({ refused: "wrong token" });
    expect(verifyToken("abc.def", key.publicKey, T0)).toEqual({ refused: "malformed token" });
    expect(looksLikeJwt("k2x9qa.0123456789abcdefghijklmn")).toBe(false);
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
