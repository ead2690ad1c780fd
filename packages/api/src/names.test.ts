import { describe, expect, it } from "vitest";
import {
  checkConfigKey,
  checkPortName,
  checkQualifiedName,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
} from "./names.js";

describe("DNS-1123 names", () => {
  it.each([
    ["web", true, true],
    ["web-1", true, true],
    ["a", true, true],
    ["1abc", true, true],
    ["web.example.com", false, true],
    ["Web", false, false],
    ["-web", false, false],
    ["web-", false, false],
    ["web_1", false, false],
    ["", false, false],
    ["a".repeat(63), true, true],
    ["a".repeat(64), false, true],
    [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`, false, true],
    ["a".repeat(254), false, false],
    ["web..example", false, false],
  ])("%s: label %s, subdomain %s", (s, label, subdomain) => {
    expect(isDns1123Label(s)).toBe(label);
    expect(isDns1123Subdomain(s)).toBe(subdomain);
  });
});

describe("label keys and values", () => {
  it.each([
    ["app", undefined],
    ["app.kubernetes.io/name", undefined],
    ["example.com/My_Key.v2", undefined],
    ["a/b/c", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"],
    ["/name", "prefix part must not be empty"],
    ["Example.com/name", expect.stringContaining("prefix part must be a DNS-1123 subdomain")],
    ["example.com/", "name part must not be empty"],
    ["-app", expect.stringContaining("must start and end with an alphanumeric character")],
    ["a".repeat(64), "name part must be no more than 63 characters"],
  ])("key %s", (key, problem) => {
    expect(checkQualifiedName(key)).toEqual(problem);
  });

  it.each([
    ["", true],
    ["nginx", true],
    ["1.14.2", true],
    ["My_Value-1", true],
    ["has space", false],
    ["-x", false],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
  ])("value %j valid: %s", (value, ok) => {
    expect(isLabelValue(value)).toBe(ok);
  });
});

describe("port names and config keys", () => {
  it.each([
    ["http", undefined],
    ["http-alt", undefined],
    ["8080", "must contain at least one letter"],
    ["a--b", "must not contain consecutive hyphens"],
    ["Http", expect.stringContaining("lower case")],
    ["a-very-long-port-name", "must be no more than 15 characters"],
  ])("port name %s", (name, problem) => {
    expect(checkPortName(name)).toEqual(problem);
  });

  it.each([
    ["config.yaml", undefined],
    [".env", undefined],
    ["..", "must not be '..'"],
    ["a/b", "must consist of alphanumeric characters, '-', '_' or '.'"],
  ])("config key %s", (key, problem) => {
    expect(checkConfigKey(key)).toEqual(problem);
  });
});
