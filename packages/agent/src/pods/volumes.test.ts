import { describe, expect, it } from "vitest";
import type { ApiObject, Volume } from "@skiff/api";
import { makePod } from "./testing.js";
import { atomicEntries, mountProblem, volumeFiles, volumeWrites } from "./volume-files.js";
import { appMounts, dockerVolumeName, infraMounts, managedVolumes } from "./volumes.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const configs = new Map<string, ApiObject>([
  ["ConfigMap/default/cfg", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { "app.conf": "a=1", other: "o" }, binaryData: { "logo.bin": b64("\x00\x01") } } as ApiObject],
  ["Secret/default/creds", { apiVersion: "v1", kind: "Secret", metadata: { name: "creds" }, data: { username: b64("my-app"), password: b64("39528$vdg7Jb") } } as ApiObject],
]);

const volumes: Volume[] = [
  { name: "scratch", emptyDir: {} },
  { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
  { name: "bare" },
  { name: "config", configMap: { name: "cfg" } },
  { name: "secret-volume", secret: { secretName: "creds", defaultMode: 0o400 } },
  { name: "host", hostPath: { path: "/srv/data", type: "DirectoryOrCreate" } },
  { name: "data", persistentVolumeClaim: { claimName: "data-0" } },
];
const pod = makePod("web", {
  volumes,
  containers: [
    {
      volumeMounts: [
        { name: "scratch", mountPath: "/scratch" },
        { name: "cache", mountPath: "/cache", readOnly: true },
        { name: "config", mountPath: "/etc/config" },
        { name: "secret-volume", mountPath: "/etc/secret-volume" },
        { name: "config", mountPath: "/etc/app.conf", subPath: "app.conf" },
        { name: "scratch", mountPath: "/logs", subPath: "logs" },
        { name: "host", mountPath: "/data" },
        { name: "host", mountPath: "/data-sub", subPath: "x" },
        { name: "data", mountPath: "/pvc" },
      ],
    },
  ],
});

describe("managedVolumes", () => {
  it.each([
    ["scratch", "emptyDir", undefined],
    ["cache", "emptyDir", { sizeBytes: 64 * 2 ** 20 }],
    ["bare", "emptyDir", undefined],
    ["config", "configMap", {}],
    ["secret-volume", "secret", {}],
  ])("%s: a %s volume, tmpfs %j", (volume, kind, tmpfs) => {
    const m = managedVolumes(pod, "n1").find((v) => v.volume === volume);
    expect(m).toEqual({
      volume,
      kind,
      dockerName: `skiff_n1_uid-web_${volume}`,
      labels: { "skiff.node": "n1", "skiff.pod.uid": "uid-web", "skiff.volume": volume },
      ...(tmpfs ? { tmpfs } : {}),
    });
  });

  it("leaves hostPath and claims out", () => {
    expect(managedVolumes(pod, "n1").map((v) => v.volume)).toEqual(["scratch", "cache", "bare", "config", "secret-volume"]);
  });

  it("keeps a Docker volume name within 255 bytes, and makes it of allowed characters", () => {
    expect(dockerVolumeName("n1", "default/web", "v")).toBe("skiff_n1_default-web_v");
    const long = dockerVolumeName("n".repeat(253), "0123456789abcdef0123456789abcdef0123", "v".repeat(63));
    expect(long.length).toBeLessThanOrEqual(255);
    expect(long).toMatch(/^skiff_[0-9a-f]{12}_0123456789abcdef0123456789abcdef0123_v+$/);
  });

  it("mounts every managed volume, writable, in the infra container", () => {
    expect(infraMounts(pod, "n1").map((m) => [m.source, m.target, m.readOnly])).toEqual([
      ["skiff_n1_uid-web_scratch", "/volumes/scratch", undefined],
      ["skiff_n1_uid-web_cache", "/volumes/cache", undefined],
      ["skiff_n1_uid-web_bare", "/volumes/bare", undefined],
      ["skiff_n1_uid-web_config", "/volumes/config", undefined],
      ["skiff_n1_uid-web_secret-volume", "/volumes/secret-volume", undefined],
    ]);
  });
});

describe("appMounts", () => {
  const m = appMounts(pod, pod.spec.containers[0]!, "n1");
  it.each([
    ["/scratch", { type: "volume", source: "skiff_n1_uid-web_scratch", target: "/scratch" }],
    ["/cache (readOnly)", { type: "volume", source: "skiff_n1_uid-web_cache", target: "/cache", readOnly: true }],
    ["/etc/config (configMap: always read-only)", { type: "volume", source: "skiff_n1_uid-web_config", target: "/etc/config", readOnly: true }],
    ["/etc/secret-volume", { type: "volume", source: "skiff_n1_uid-web_secret-volume", target: "/etc/secret-volume", readOnly: true }],
    ["hidden mount of a subPath volume", { type: "volume", source: "skiff_n1_uid-web_config", target: "/.skiff/volumes/config", readOnly: true }],
    ["hidden mount of an emptyDir subPath", { type: "volume", source: "skiff_n1_uid-web_scratch", target: "/.skiff/volumes/scratch" }],
    ["hostPath", { type: "bind", source: "/srv/data", target: "/data" }],
    ["hostPath subPath", { type: "bind", source: "/srv/data/x", target: "/data-sub" }],
  ])("%s", (_, want) => {
    expect(m.mounts).toContainEqual(want);
  });

  it("leaves claims to translate.ts", () => {
    expect(m.mounts.map((x) => x.target)).not.toContain("/pvc");
  });

  it("links a subPath mount into the hidden mount", () => {
    expect(m.links).toEqual([
      { path: "/etc/app.conf", target: "/.skiff/volumes/config/app.conf" },
      { path: "/logs", target: "/.skiff/volumes/scratch/logs" },
    ]);
  });

  it("checks hostPaths by their type, and makes a missing sub-path directory", () => {
    expect(m.hostPaths).toEqual([
      { path: "/srv/data", type: "DirectoryOrCreate" },
      { path: "/srv/data", type: "DirectoryOrCreate" },
      { path: "/srv/data/x", type: "" },
    ]);
  });
});

describe("volumeFiles", () => {
  const files = (v: Volume) => {
    const r = volumeFiles(pod, v, configs);
    return r.ok ? r.files.map((f) => [f.path, f.data.toString("latin1"), f.mode.toString(8)]) : r.message;
  };
  it.each<[string, Volume, unknown]>([
    ["every key, data and binaryData, mode 0644", { name: "v", configMap: { name: "cfg" } }, [["app.conf", "a=1", "644"], ["other", "o", "644"], ["logo.bin", "\x00\x01", "644"]]],
    ["defaultMode", { name: "v", configMap: { name: "cfg", defaultMode: 0o600 } }, [["app.conf", "a=1", "600"], ["other", "o", "600"], ["logo.bin", "\x00\x01", "600"]]],
    ["items with paths and modes", { name: "v", configMap: { name: "cfg", defaultMode: 0o640, items: [{ key: "app.conf", path: "conf/app", mode: 0o444 }, { key: "other", path: "o" }] } }, [["conf/app", "a=1", "444"], ["o", "o", "640"]]],
    ["a Secret, decoded", { name: "v", secret: { secretName: "creds" } }, [["username", "my-app", "644"], ["password", "39528$vdg7Jb", "644"]]],
    ["a missing optional object: nothing", { name: "v", secret: { secretName: "nope", optional: true } }, []],
    ["a missing optional item: left out", { name: "v", configMap: { name: "cfg", optional: true, items: [{ key: "nope", path: "n" }, { key: "other", path: "o" }] } }, [["o", "o", "644"]]],
    ["a missing required ConfigMap", { name: "v", configMap: { name: "nope" } }, 'configmap "nope" not found'],
    ["a missing required Secret", { name: "v", secret: { secretName: "nope" } }, 'secret "nope" not found'],
    ["a missing required item", { name: "v", configMap: { name: "cfg", items: [{ key: "nope", path: "n" }] } }, "configmap references non-existent config key: nope"],
    ["a missing required Secret item", { name: "v", secret: { secretName: "creds", items: [{ key: "token", path: "t" }] } }, "references non-existent secret key: token"],
  ])("%s", (_, v, want) => {
    expect(files(v)).toEqual(want);
  });

  it("names the missing object for a container that mounts it, and only for such a container", () => {
    const p = makePod("p", { volumes: [{ name: "s", secret: { secretName: "nope" } }], containers: [{ volumeMounts: [{ name: "s", mountPath: "/s" }] }, {}] });
    expect(mountProblem(p, p.spec.containers[0]!, configs)).toBe('secret "nope" not found');
    expect(mountProblem(p, p.spec.containers[1]!, configs)).toBeUndefined();
  });
});

describe("atomicEntries and volumeWrites", () => {
  const one = [{ path: "conf/app", data: Buffer.from("x"), mode: 0o444 }];
  it("clears the slot, fills it, swaps ..data, and links each top-level name through ..data", () => {
    expect(atomicEntries(one, "b").map((e) => [e.type ?? "file", e.path, e.linkTarget])).toEqual([
      ["symlink", "..b", "..data"],
      ["directory", "..b", undefined],
      ["file", "..b/conf/app", undefined],
      ["symlink", "..data", "..b"],
      ["symlink", "conf", "..data/conf"],
    ]);
  });

  it("writes each configMap and secret volume (and emptyDir sub-paths) once, then only what changed, alternating slots", () => {
    const first = volumeWrites(pod, configs, () => undefined);
    expect(first.map((w) => [w.volume, w.dir, w.slot])).toEqual([
      ["scratch", "/volumes/scratch", "a"],
      ["config", "/volumes/config", "a"],
      ["secret-volume", "/volumes/secret-volume", "a"],
    ]);
    const record = (volume: string) => {
      const w = first.find((x) => x.volume === volume);
      return w && { infraId: "i", hash: w.hash, slot: w.slot };
    };
    expect(volumeWrites(pod, configs, record)).toEqual([]);
    const changed = new Map(configs);
    changed.set("ConfigMap/default/cfg", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { "app.conf": "a=2" } } as ApiObject);
    expect(volumeWrites(pod, changed, record).map((w) => [w.volume, w.slot])).toEqual([["config", "b"]]);
  });

  it("writes nothing for a required object that is missing (the files stay as they were)", () => {
    expect(volumeWrites(pod, new Map(), () => undefined).map((w) => w.volume)).toEqual(["scratch"]);
  });
});
