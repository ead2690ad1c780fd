import { describe, expect, it } from "vitest";
import type { PodSpec } from "@skiff/api";
import { parseImageArgs, setImages } from "./set-image.js";

const spec: PodSpec = { containers: [{ name: "web", image: "nginx:1" }, { name: "sidecar", image: "envoy:1" }] };

describe("set image arguments", () => {
  it("splits the objects from the CONTAINER=IMAGE updates", () => {
    const out = parseImageArgs(["deployment", "web", "web=nginx:2", "sidecar=registry:5000/envoy:2"]);
    expect(out.resources).toEqual(["deployment", "web"]);
    expect([...out.images]).toEqual([["web", "nginx:2"], ["sidecar", "registry:5000/envoy:2"]]);
  });

  it.each([
    [["deployment/web"], "at least one image update is required"],
    [["web=nginx"], "one or more resources must be specified as <resource> <name> or <resource>/<name>"],
    [["deploy/web", "=nginx"], 'invalid image update "=nginx": give CONTAINER=IMAGE'],
    [["deploy/web", "web="], 'invalid image update "web=": give CONTAINER=IMAGE'],
    [["deploy/web", "web=nginx", "deploy/api"], "all resources must be specified before image changes: deploy/api"],
  ])("rejects %j", (words, message) => {
    expect(() => parseImageArgs(words)).toThrow(message);
  });
});

describe("setting images", () => {
  it("changes the named containers only", () => {
    const { spec: out, changed } = setImages(spec, new Map([["sidecar", "envoy:2"]]));
    expect(out.containers.map((c) => c.image)).toEqual(["nginx:1", "envoy:2"]);
    expect(changed).toBe(true);
    expect(spec.containers[1]?.image).toBe("envoy:1");
  });

  it("changes every container with *", () => {
    expect(setImages(spec, new Map([["*", "busybox"]])).spec.containers.map((c) => c.image)).toEqual(["busybox", "busybox"]);
  });

  it("reports no change when the image already is the one asked for", () => {
    expect(setImages(spec, new Map([["web", "nginx:1"]])).changed).toBe(false);
  });

  it("names a container that does not exist", () => {
    expect(() => setImages(spec, new Map([["web", "nginx:2"], ["foo", "x"]]))).toThrow('unable to find container named "foo"');
  });
});
