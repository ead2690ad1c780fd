import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { configPath, DEFAULT_SERVER, loadConfig, resolveServer } from "./config.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "skiff-config-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeConfig(text: string, path = join(home, ".skiff", "config")): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("resolveServer", () => {
  it("uses the default when nothing is configured", () => {
    expect(resolveServer(undefined, { HOME: home })).toBe(DEFAULT_SERVER);
    expect(DEFAULT_SERVER).toBe("127.0.0.1:7443");
  });

  it("reads server from ~/.skiff/config", () => {
    writeConfig("server: 10.0.0.5:7443\n");
    expect(resolveServer(undefined, { HOME: home })).toBe("10.0.0.5:7443");
  });

  it("prefers SKIFF_CONFIG over ~/.skiff/config", () => {
    writeConfig("server: home:1\n");
    const other = writeConfig("server: other:2\n", join(home, "elsewhere.yaml"));
    expect(resolveServer(undefined, { HOME: home, SKIFF_CONFIG: other })).toBe("other:2");
  });

  it("prefers SKIFF_SERVER over the config file", () => {
    writeConfig("server: file:1\n");
    expect(resolveServer(undefined, { HOME: home, SKIFF_SERVER: "env:2" })).toBe("env:2");
  });

  it("prefers an explicit address over everything", () => {
    writeConfig("server: file:1\n");
    expect(resolveServer("flag:3", { HOME: home, SKIFF_SERVER: "env:2" })).toBe("flag:3");
  });
});

describe("loadConfig", () => {
  it("treats a missing file as empty", () => {
    expect(loadConfig(join(home, "nope"))).toEqual({});
  });

  it("treats an empty file as empty", () => {
    expect(loadConfig(writeConfig(""))).toEqual({});
  });

  it("reads namespace too", () => {
    expect(loadConfig(writeConfig("server: a:1\nnamespace: team\n"))).toEqual({ server: "a:1", namespace: "team" });
  });

  it("rejects malformed YAML naming the file", () => {
    const path = writeConfig("server: [unclosed\n");
    expect(() => loadConfig(path)).toThrow(ValidationError);
    expect(() => loadConfig(path)).toThrow(path);
  });

  it("rejects a server that is not a string", () => {
    expect(() => loadConfig(writeConfig("server: 7443\n"))).toThrow(/server: must be a non-empty string/);
  });

  it("finds the file under HOME", () => {
    expect(configPath({ HOME: "/h" })).toBe(join("/h", ".skiff", "config"));
    expect(configPath({ HOME: "/h", SKIFF_CONFIG: "/c" })).toBe("/c");
  });
});
