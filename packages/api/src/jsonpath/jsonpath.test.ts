// kubectl's JSONPath reference (kubernetes.io/docs/reference/kubectl/jsonpath/), its input and its
// table of examples, then the templates kubectl's cheat sheet uses on real objects.
import { describe, expect, it } from "vitest";
import { relaxedPath, evaluatePath, renderTemplate } from "./evaluate.js";
import { JsonPathError, parseTemplate } from "./parse.js";

const DOC = {
  kind: "List",
  items: [
    {
      kind: "None",
      metadata: { name: "127.0.0.1", labels: { "kubernetes.io/hostname": "127.0.0.1" } },
      status: { capacity: { cpu: "4" }, addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }] },
    },
    {
      kind: "None",
      metadata: { name: "127.0.0.2" },
      status: {
        capacity: { cpu: "8" },
        addresses: [
          { type: "LegacyHostIP", address: "127.0.0.2" },
          { type: "another", address: "127.0.0.3" },
        ],
      },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

describe("kubectl's documented examples", () => {
  it.each([
    ["kind is {.kind}", "kind is List"],
    ["{.kind}", "List"],
    ["{['kind']}", "List"],
    ["{..name}", "127.0.0.1 127.0.0.2 myself e2e"],
    ["{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"],
    ["{.users[0].name}", "myself"],
    // kubectl prints maps as JSON (the page still shows Go's older map[cpu:4]).
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{.users[?(@.name=="e2e")].user.password}', "secret"],
    ["{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ["{range .items[*]}{.metadata.name}{'\\t'}{end}", "127.0.0.1\t127.0.0.2\t"],
    ["{.items[0].metadata.labels.kubernetes\\.io/hostname}", "127.0.0.1"],
    ["{.items[0].metadata.labels['kubernetes\\.io/hostname']}", "127.0.0.1"],
  ])("%s", (template, expected) => {
    expect(renderTemplate(template, DOC)).toBe(expected);
  });

  it("{@} is the input itself", () => {
    expect(JSON.parse(renderTemplate("{@}", DOC))).toEqual(DOC);
  });
});

describe("subscripts, filters and ranges", () => {
  const list = { items: [1, 2, 3, 4, 5].map((n) => ({ metadata: { name: `p${n}` }, spec: { n } })) };
  it.each([
    ["{.items[-1].metadata.name}", "p5"],
    ["{.items[1:3].metadata.name}", "p2 p3"],
    ["{.items[-2:].metadata.name}", "p4 p5"],
    ["{.items[::2].metadata.name}", "p1 p3 p5"],
    ["{.items[9].metadata.name}", ""],
    ["{.items[?(@.spec.n>3)].metadata.name}", "p4 p5"],
    ["{.items[?(@.spec.n<=2)].metadata.name}", "p1 p2"],
    ["{.items[?(@.spec.n!=1)].spec.n}", "2 3 4 5"],
    ["{.items[?(@.spec.missing)].metadata.name}", ""],
    ['{range .items[0:2]}{.metadata.name}{"\\n"}{end}', "p1\np2\n"],
    ["{range .items[0:2]}{range .metadata}<{@}>{end}{end}", "<{\"name\":\"p1\"}><{\"name\":\"p2\"}>"],
    ["{.items[0].nothing.here}", ""],
    ["{$.items[0].metadata.name}", "p1"],
    ["{.items[0].spec}", '{"n":1}'],
  ])("%s", (template, expected) => {
    expect(renderTemplate(template, list)).toBe(expected);
  });

  it("reads the cheat sheet's pod templates", () => {
    const pod = {
      metadata: { name: "web", labels: { app: "web" } },
      spec: { containers: [{ name: "a", image: "nginx" }, { name: "b", image: "redis" }] },
      status: { conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ restartCount: 2 }] },
    };
    expect(renderTemplate('{.status.conditions[?(@.type=="Ready")].status}', pod)).toBe("True");
    expect(renderTemplate("{.spec.containers[*].image}", pod)).toBe("nginx redis");
    expect(renderTemplate("{.metadata.labels}", pod)).toBe('{"app":"web"}');
    expect(renderTemplate("{range .spec.containers[*]}{.name}={.image},{end}", pod)).toBe("a=nginx,b=redis,");
  });
});

describe("errors", () => {
  it.each([
    ["{.items", /unclosed action/],
    ["{end}", /not in range/],
    ["{range .items[*]}{.a}", /unclosed range/],
    ["{.items[x]}", /invalid array index/],
    ["{.items[0}", /unterminated array/],
  ])("%s", (template, message) => {
    expect(() => parseTemplate(template)).toThrow(JsonPathError);
    expect(() => parseTemplate(template)).toThrow(message);
  });
});

describe("relaxed paths (--sort-by, custom-columns)", () => {
  it.each([".metadata.name", "metadata.name", "{.metadata.name}", "{metadata.name}"])("%s", (expr) => {
    expect(evaluatePath(relaxedPath(expr), {}, { metadata: { name: "x" } })).toEqual(["x"]);
  });
  it("refuses a template that is not one path", () => {
    expect(() => relaxedPath("{.a}{.b}")).toThrow(JsonPathError);
  });
});
