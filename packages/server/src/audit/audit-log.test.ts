import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuditLog } from "./audit-log.js";
import { audited } from "./audit-event.js";
import type { RequestAttributes } from "../authz/types.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "skiff-audit-"));
  dirs.push(d);
  return d;
};
const attrs = (verb: string, resource = "secrets"): RequestAttributes => ({ resourceRequest: true, verb, apiGroup: "", resource, subresource: "", namespace: "a", name: "s" });
const input = (verb: string, code = 200) => ({ edge: "kube" as const, received: new Date(0), done: new Date(1), user: { name: "alice", groups: ["system:authenticated"] }, attributes: attrs(verb), code, peer: "127.0.0.1:5000" });

describe("the audit log", () => {
  it("writes one JSON line per mutating request, with the user, verb, object and code", () => {
    const path = join(tmp(), "audit.log");
    const log = new AuditLog({ path });
    log.record(input("create", 201));
    log.record(input("get"));
    log.record(input("delete", 403));
    log.close();
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ verb: "create", user: { username: "alice" }, objectRef: { resource: "secrets", namespace: "a", name: "s" }, responseStatus: { code: 201 }, sourceIPs: ["127.0.0.1"] });
    expect(lines[1]).toMatchObject({ verb: "delete", responseStatus: { code: 403 } });
  });

  it("logs reads too at level read, but never an access review at level write", () => {
    expect(audited("read", attrs("get"))).toBe(true);
    expect(audited("write", attrs("create", "selfsubjectaccessreviews"))).toBe(false);
    expect(audited("write", attrs("patch"))).toBe(true);
  });

  it("rotates by size, keeping the number of old files asked for", () => {
    const dir = tmp();
    const path = join(dir, "audit.log");
    const log = new AuditLog({ path, maxBytes: 1500, backups: 2 });
    for (let i = 0; i < 40; i++) log.record(input("update"));
    log.close();
    expect(readdirSync(dir).sort()).toEqual(["audit.log", "audit.log.1", "audit.log.2"]);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text.length).toBeLessThanOrEqual(1500);
      for (const line of text.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
