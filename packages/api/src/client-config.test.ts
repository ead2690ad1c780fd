import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { parseClientConfig, updateClientConfig } from "./client-config.js";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\nabc=\n-----END CERTIFICATE-----\n";
const HEADER = "Written by 'skiff server': this cluster's address, CA and admin API token. Keep it private.";
const admin = { server: "127.0.0.1:7443", token: "abc123.0123456789abcdef", ca: PEM, insecure: null };

/** What the server wrote with a string template before the format moved here: it must still load. */
const LEGACY =
  `# ${HEADER}\n` +
  "server: 127.0.0.1:7443\n" +
  "namespace: team\n" +
  "token: abc123.0123456789abcdef\n" +
  "ca: |\n  -----BEGIN CERTIFICATE-----\n  MIIB\n  abc=\n  -----END CERTIFICATE-----\n";

describe("updateClientConfig", () => {
  it("writes a new file as the server always has: header, server, token, the CA as a PEM block", () => {
    expect(updateClientConfig(undefined, admin, HEADER)).toBe(LEGACY.replace("namespace: team\n", ""));
  });

  it("keeps the namespace, the comments and unknown keys of a file already there", () => {
    const before = "# mine\nserver: old:1 # the old one\nnamespace: team\ncolour: blue\ninsecure: true\n";
    const text = updateClientConfig(before, admin, HEADER);
    expect(text).toContain("# mine\n");
    expect(text).toContain("# the old one");
    expect(text).toContain("colour: blue");
    expect(parseClientConfig(text)).toEqual({ server: "127.0.0.1:7443", namespace: "team", token: admin.token, ca: PEM });
  });

  it("reads back what it wrote, whatever the values look like", () => {
    const odd = { server: "[::1]:7443", namespace: "yes", token: "123456.1234567890123456", ca: "x" };
    expect(parseClientConfig(updateClientConfig(undefined, odd, HEADER))).toEqual({ ...odd, ca: "x\n" });
  });

  it("starts again from a file that is not a mapping, or not YAML", () => {
    for (const before of ["[1, 2]\n", "server: [unclosed\n", "just text\n"]) {
      expect(parseClientConfig(updateClientConfig(before, { server: "a:1" }, HEADER))).toEqual({ server: "a:1" });
    }
    expect(updateClientConfig("", { server: "a:1" }, HEADER)).toBe(`# ${HEADER}\nserver: a:1\n`);
  });

  it("sets only what it is given", () => {
    expect(parseClientConfig(updateClientConfig(LEGACY, { server: "b:2" }, "up"))).toEqual({ server: "b:2", namespace: "team", token: admin.token, ca: PEM });
  });
});

describe("parseClientConfig", () => {
  it("reads a config written before the format had one definition", () => {
    expect(parseClientConfig(LEGACY)).toEqual({ server: "127.0.0.1:7443", namespace: "team", token: "abc123.0123456789abcdef", ca: PEM });
  });

  it("reads several servers, as a comma list or a YAML list, in the comma form", () => {
    expect(parseClientConfig("server: a:7443,b:7443\n").server).toBe("a:7443,b:7443");
    expect(parseClientConfig("server:\n  - a:7443\n  - b:7443\n").server).toBe("a:7443,b:7443");
  });

  it("reads an empty file or a comment as an empty config", () => {
    expect(parseClientConfig("")).toEqual({});
    expect(parseClientConfig("# nothing yet\n")).toEqual({});
  });

  it.each([
    ["server: [unclosed\n", "", /not valid YAML/],
    ["- a\n", "", /expected a mapping/],
    ["server: 7443\n", "server", /must be a non-empty string/],
    ["token: ''\n", "token", /must be a non-empty string/],
    ["insecure: maybe\n", "insecure", /must be true or false/],
    ["server: [a:7443, 7443]\n", "server", /list of HOST:PORT strings/],
    ["server: []\n", "server", /list of HOST:PORT strings/],
  ])("refuses %j naming the key", (text, path, message) => {
    let err: unknown;
    try {
      parseClientConfig(text, "/home/me/.skiff/config");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path, source: "/home/me/.skiff/config" });
    expect((err as Error).message).toMatch(message);
  });
});
