// Run a skiff server with your controller in it: the built-in controllers plus yours, on the
// same informers. `node examples/dist/controllers/main.js --data-dir DIR --listen HOST:PORT`
import { serve } from "@skiff/server";
import { imageInventoryController } from "./image-inventory.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

const server = await serve({
  dataDir: arg("--data-dir", ".skiff-example/data"),
  listen: arg("--listen", "127.0.0.1:7443"),
  extraControllers: [imageInventoryController],
});
process.stdout.write(`skiff server with the image-inventory controller listening on ${server.address}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
