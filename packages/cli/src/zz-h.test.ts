import { it, vi } from "vitest";
import { run } from "/work/main/packages/cli/src/cli.js";
it("h", async () => {
  const code = await run(["get", "--help"]);
  console.error("CODE", code);
  const code2 = await run(["exec", "--help"]);
  console.error("CODE2", code2);
});
