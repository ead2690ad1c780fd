// Which Websites a Node event requeues: those whose status URL is not on the nodes' address.
import { describe, expect, it } from "vitest";
import type { Node } from "@skiff/api";
import { staleUrls } from "./controller.js";
import type { Website } from "./website.js";

const site = (name: string, url?: string, deleting = false): Website => ({
  apiVersion: "examples.skiff.dev/v1",
  kind: "Website",
  metadata: { name, namespace: "default", ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  spec: { image: "skiff-test/busybox:1", replicas: 1, message: "hi" },
  ...(url ? { status: { url } } : {}),
});
const node = (name: string, address?: string): Node =>
  ({ apiVersion: "v1", kind: "Node", metadata: { name }, status: address ? { addresses: [{ type: "InternalIP", address }] } : {} }) as Node;

describe("staleUrls", () => {
  it("requeues the Websites made before any node joined once one does, and none while there is no node", () => {
    const sites = [site("early"), site("done", "http://127.0.0.2:30080/")];
    expect(staleUrls(sites, [])).toEqual([]);
    expect(staleUrls(sites, [node("n1", "127.0.0.2")])).toEqual(["default/early"]);
  });

  it("requeues every Website when the first node (by name) changes, and skips those being deleted", () => {
    const sites = [site("a", "http://127.0.0.3:30080/"), site("b", "http://127.0.0.3:30081/"), site("gone", undefined, true)];
    expect(staleUrls(sites, [node("n2", "127.0.0.3")])).toEqual([]);
    expect(staleUrls(sites, [node("n1", "127.0.0.2"), node("n2", "127.0.0.3")])).toEqual(["default/a", "default/b"]);
  });
});
