import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { UserError } from "./errors.js";
import { loadDocuments, readManifestFiles } from "./manifests.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "skiff-manifests-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cm = (name: string, ns?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}data:\n  k: v\n`;

const opts = { namespace: "default", namespaceExplicit: false };

describe("readManifestFiles", () => {
  it("reads a directory's manifests in name order and skips other files", () => {
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m", "b.yml"), cm("b"));
    writeFileSync(join(dir, "m", "a.yaml"), cm("a"));
    writeFileSync(join(dir, "m", "c.json"), "{}");
    writeFileSync(join(dir, "m", "notes.txt"), "hello");
    expect(readManifestFiles([join(dir, "m")]).map((f) => f.source)).toEqual(
      ["a.yaml", "b.yml", "c.json"].map((n) => join(dir, "m", n)),
    );
  });

  it("reads - from stdin", () => {
    expect(readManifestFiles(["-"], () => cm("x"))).toEqual([{ source: "<stdin>", text: cm("x") }]);
  });

  it("names a path that does not exist", () => {
    expect(() => readManifestFiles([join(dir, "nope.yaml")])).toThrow(UserError);
    expect(() => readManifestFiles([join(dir, "nope.yaml")])).toThrow(/does not exist/);
  });
});

describe("loadDocuments", () => {
  it("fills in the namespace for namespaced kinds that do not name one", () => {
    const docs = loadDocuments([{ source: "f.yaml", text: cm("a") }], { namespace: "team", namespaceExplicit: true });
    expect(docs[0]?.raw).toMatchObject({ metadata: { name: "a", namespace: "team" } });
    expect(docs[0]?.label).toBe("f.yaml");
  });

  it("reports every bad document of every file at once, each by source", () => {
    const bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n";
    const err = (() => {
      try {
        loadDocuments(
          [
            { source: "one.yaml", text: `${cm("ok")}---\n${bad}` },
            { source: "two.yaml", text: bad },
          ],
          opts,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    const message = (err as ValidationError).message;
    expect(message).toContain("one.yaml (document 2)");
    expect(message).toContain("two.yaml: metadata.name");
    expect(message).toContain("metadata.name");
  });

  it("refuses a document in another namespace than an explicit -n, as kubectl", () => {
    expect(() => loadDocuments([{ source: "f.yaml", text: cm("a", "prod") }], { namespace: "dev", namespaceExplicit: true })).toThrow(
      /does not match the namespace "dev"/,
    );
  });
});
