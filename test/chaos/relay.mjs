// Runs inside the test's "server side" network namespace (see netns.ts): accepts TCP on the
// namespace's veth address and carries each connection to a unix socket, which the test process
// (in the host's namespace) carries on to the real server. A unix socket is a file, so it crosses
// network namespaces; the veth between the agent's namespace and this one is the only network
// path, and cutting it is the partition.
// Usage: node relay.mjs HOST:PORT UNIX_PATH   (prints "listening" once it accepts)
import { connect, createServer } from "node:net";

const [listen = "", unixPath = ""] = process.argv.slice(2);
const i = listen.lastIndexOf(":");
const server = createServer((socket) => {
  const upstream = connect(unixPath);
  socket.pipe(upstream).pipe(socket);
  const close = () => (socket.destroy(), upstream.destroy());
  socket.on("error", close);
  upstream.on("error", close);
  socket.on("close", close);
  upstream.on("close", close);
});
server.listen(Number(listen.slice(i + 1)), listen.slice(0, i), () => process.stdout.write("listening\n"));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
