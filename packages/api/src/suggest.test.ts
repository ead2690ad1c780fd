import { expect, it } from "vitest";
import { closest } from "./suggest.js";

const fields = ["replicas", "selector", "template", "strategy", "spec", "kind", "paused"];

it.each([
  ["replcas", "replicas"],
  ["Replicas", "replicas"],
  ["sepc", "spec"],
  ["selecter", "selector"],
  ["strat", undefined],
  ["colour", undefined],
  ["kid", "kind"],
  ["x", undefined],
  ["z".repeat(100_000), undefined],
])("%s → %s", (name, suggestion) => {
  expect(closest(name, fields)).toBe(suggestion);
});
