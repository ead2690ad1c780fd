import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { everything, parseSelector, selectorFromLabelSelector } from "./selector.js";

const web = { app: "web", tier: "frontend", env: "prod" };
const db = { app: "db", tier: "db" };
const bare = {};

describe("parseSelector", () => {
  it.each([
    // selector, matches web, matches db, matches an object without labels, canonical form
    ["", true, true, true, ""],
    ["app=web", true, false, false, "app=web"],
    ["app==web", true, false, false, "app=web"],
    ["app = web", true, false, false, "app=web"],
    ["tier!=db", true, false, true, "tier!=db"],
    ["app=web,tier!=db", true, false, false, "app=web,tier!=db"],
    ["env in (prod, staging)", true, false, false, "env in (prod,staging)"],
    ["env in (staging)", false, false, false, "env in (staging)"],
    ["tier notin (db)", true, false, true, "tier notin (db)"],
    ["tier notin (db,frontend)", false, false, true, "tier notin (db,frontend)"],
    ["env", true, false, false, "env"],
    ["!env", false, true, true, "!env"],
    ["! legacy", true, true, true, "!legacy"],
    ["  app=web ,  env  ", true, false, false, "app=web,env"],
    ["app=", false, false, false, "app="],
    ["app.kubernetes.io/name=web", false, false, false, "app.kubernetes.io/name=web"],
    ["tier=frontend,app=web", true, false, false, "app=web,tier=frontend"],
  ])("%j", (s, matchesWeb, matchesDb, matchesBare, canonical) => {
    const sel = parseSelector(s);
    expect(sel.matches(web)).toBe(matchesWeb);
    expect(sel.matches(db)).toBe(matchesDb);
    expect(sel.matches(bare)).toBe(matchesBare);
    expect(sel.matches(undefined)).toBe(matchesBare);
    expect(sel.toString()).toBe(canonical);
    expect(parseSelector(sel.toString()).toString()).toBe(canonical);
    expect(sel.isEmpty()).toBe(s === "");
  });

  it.each([
    ["app=web,", "expected a label key, found end of selector at position 9"],
    [",app=web", 'expected a label key, found "," at position 1'],
    ["env in prod", 'expected "(" after "in", found "prod" at position 8'],
    ["env in ()", '"in" needs at least one value at position 9'],
    ["env in (a,b", 'expected "," or ")", found end of selector at position 12'],
    ["app=web tier=db", 'expected "," or end of selector, found "tier" at position 9'],
    ["app>1", 'unsupported operator ">" at position 4'],
    ["app=(x)", 'expected "," or end of selector, found "(" at position 5'],
    ["!", "expected a label key after '!', found end of selector at position 2"],
    ["Bad Key=x", 'expected "=", "==", "!=", "in", "notin" or "," after "Bad", found "Key" at position 5'],
    ["-app=x", 'invalid label key "-app"'],
    ["app=-x", 'invalid label value "-x"'],
  ])("rejects %j", (s, message) => {
    expect(() => parseSelector(s)).toThrow(ValidationError);
    expect(() => parseSelector(s)).toThrow(message);
  });
});

describe("selectorFromLabelSelector", () => {
  it.each([
    [{}, true, true, ""],
    [{ matchLabels: { app: "web" } }, true, false, "app=web"],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn" as const, values: ["db"] }] }, true, false, "tier notin (db)"],
    [{ matchExpressions: [{ key: "env", operator: "Exists" as const }] }, true, false, "env"],
    [{ matchExpressions: [{ key: "env", operator: "DoesNotExist" as const }] }, false, true, "!env"],
    [
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In" as const, values: ["prod", "dev"] }] },
      true,
      false,
      "app=web,env in (dev,prod)",
    ],
  ])("%j", (ls, matchesWeb, matchesDb, text) => {
    const sel = selectorFromLabelSelector(ls);
    expect(sel.matches(web)).toBe(matchesWeb);
    expect(sel.matches(db)).toBe(matchesDb);
    expect(sel.toString()).toBe(text);
  });

  it.each([
    [{ matchExpressions: [{ key: "env", operator: "In" as const }] }, "matchExpressions[0].values", "must be specified"],
    [{ matchExpressions: [{ key: "env", operator: "In" as const, values: [] }] }, "matchExpressions[0].values", "must be specified"],
    [{ matchExpressions: [{ key: "env", operator: "Exists" as const, values: ["x"] }] }, "matchExpressions[0].values", "may not be specified"],
    [{ matchExpressions: [{ key: "env", operator: "Near" as never, values: ["x"] }] }, "matchExpressions[0].operator", "must be one of"],
    [{ matchLabels: { "bad key": "x" } }, 'matchLabels["bad key"]', "invalid label key"],
  ])("rejects %j at %s", (ls, path, message) => {
    try {
      selectorFromLabelSelector(ls);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]).toEqual({ path, message: expect.stringContaining(message) });
    }
  });
});

it("everything matches every object", () => {
  expect(everything.matches(web)).toBe(true);
  expect(everything.matches(undefined)).toBe(true);
  expect(everything.isEmpty()).toBe(true);
  expect(everything.toString()).toBe("");
});
