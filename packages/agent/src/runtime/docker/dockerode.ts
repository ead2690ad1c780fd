// dockerode, loaded without ssh2. Its docker-modem requires ssh2 (with its crypto and a native
// cpu-features probe, ~3-10 MB of the agent's RSS) at load time for ssh:// hosts, but the agent
// only talks to a Unix socket (issue 18). So while dockerode loads, docker-modem is handed a
// stand-in whose Client loads the real ssh2 on first use: ssh:// still works, it just costs later.
import { createRequire, Module } from "node:module";
import type DockerodeClass from "dockerode";

const require = createRequire(import.meta.url);

/** The file docker-modem would load as ssh2, resolved from where it sits, as its require does. */
function ssh2Path(): string {
  const modem = createRequire(require.resolve("dockerode")).resolve("docker-modem");
  return createRequire(modem).resolve("ssh2");
}

function loadWithoutSsh2(): typeof DockerodeClass {
  const path = ssh2Path();
  // Already loaded by something else: nothing to save.
  if (require.cache[path]) return require("dockerode") as typeof DockerodeClass;
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  // docker-modem's ssh.js keeps `require('ssh2').Client` and calls `new Client()` per connection.
  standIn.exports = {
    Client: function LazySsh2Client(...args: unknown[]) {
      const { Client } = require(path) as { Client: new (...a: unknown[]) => object };
      return new Client(...args);
    },
  };
  require.cache[path] = standIn;
  try {
    return require("dockerode") as typeof DockerodeClass;
  } finally {
    // Only docker-modem gets the stand-in; anyone after it requires the real ssh2.
    delete require.cache[path];
  }
}

export const Dockerode = loadWithoutSsh2();
