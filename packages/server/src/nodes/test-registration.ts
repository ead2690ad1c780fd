// The registration of a small node with the fake runtime, for the dispatcher's tests.
import type { Registration } from "./node-object.js";

export function testRegistration(nodeName = "n1"): Registration {
  return {
    nodeName,
    labels: {},
    cpuMilli: 1000,
    memoryBytes: 1 << 30,
    pods: 10,
    addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
    agentVersion: "0.1.0",
    runtimeVersion: "fake",
    os: "linux",
    arch: "amd64",
    agentEndpoint: "127.0.0.1:1",
  };
}
