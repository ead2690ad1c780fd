import { describe, expect, it } from "vitest";
import { formatLabelSelector, labelString, selectorString } from "./labels.js";

describe("labels and selectors in a cell", () => {
  it("prints a label map sorted, or <none>", () => {
    expect(labelString({ tier: "db", app: "web" })).toBe("app=web,tier=db");
    expect(labelString({})).toBe("<none>");
    expect(labelString(undefined)).toBe("<none>");
  });

  it("prints a LabelSelector in selector syntax", () => {
    const sel = { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In" as const, values: ["prod", "a"] }] };
    expect(selectorString(sel)).toBe("app=web,env in (a,prod)");
    expect(formatLabelSelector(sel)).toBe("app=web,env in (a,prod)");
  });

  it("is empty for a selector of everything (<none> in the formatted form), <invalid> when unreadable", () => {
    expect(selectorString({})).toBe("");
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(selectorString({ matchExpressions: [{ key: "env", operator: "In", values: [] }] })).toBe("<invalid>");
  });
});
