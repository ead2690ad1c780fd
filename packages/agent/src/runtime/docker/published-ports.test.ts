import { describe, expect, it } from "vitest";
import { publishedPorts } from "./container-info.js";
import { createOptions } from "./containers.js";

describe("published ports", () => {
  it("reads NetworkSettings.Ports: every binding, none for an unpublished port", () => {
    expect(
      publishedPorts({
        "8080/tcp": [
          { HostIp: "127.0.0.4", HostPort: "49153" },
          { HostIp: "::", HostPort: "49153" },
        ],
        "53/udp": [{ HostIp: "127.0.0.4", HostPort: "49154" }],
        "9090/tcp": null,
      }),
    ).toEqual([
      { containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.4", hostPort: 49153 },
      { containerPort: 8080, protocol: "TCP", hostIP: "::", hostPort: 49153 },
      { containerPort: 53, protocol: "UDP", hostIP: "127.0.0.4", hostPort: 49154 },
    ]);
  });

  it("asks the engine for a free host port with HostPort \"\", and passes DNS options", () => {
    const o = createOptions({ name: "x", image: "i", labels: {}, portBindings: [{ containerPort: 80, protocol: "TCP", hostPort: 0, hostIP: "127.0.0.4" }], dnsOptions: ["ndots:5"] });
    expect(o.HostConfig?.PortBindings).toEqual({ "80/tcp": [{ HostIp: "127.0.0.4", HostPort: "" }] });
    expect(o.HostConfig).toMatchObject({ DnsOptions: ["ndots:5"] });
  });
});
