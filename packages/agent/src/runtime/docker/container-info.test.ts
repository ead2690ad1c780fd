import type Dockerode from "dockerode";
import { describe, expect, it } from "vitest";
import { fromInspect } from "./container-info.js";

function inspect(state: Partial<Dockerode.ContainerInspectInfo["State"]>, ip = ""): Dockerode.ContainerInspectInfo {
  return {
    Id: "c1",
    Name: "/skiff_web",
    Created: "2024-01-01T00:00:00Z",
    Config: { Image: "skiff-test/busybox:1", Labels: { a: "b" } },
    State: { Status: "running", ExitCode: 0, OOMKilled: false, Error: "", StartedAt: "0001-01-01T00:00:00Z", FinishedAt: "0001-01-01T00:00:00Z", ...state },
    NetworkSettings: { IPAddress: ip, Networks: {} },
  } as unknown as Dockerode.ContainerInspectInfo;
}

describe("fromInspect", () => {
  it("reads a running container: no exit code, the start time, its IP", () => {
    const info = fromInspect(inspect({ Status: "running", StartedAt: "2024-01-01T00:00:01Z" }, "172.17.0.2"));
    expect(info).toEqual({
      id: "c1",
      name: "skiff_web",
      image: "skiff-test/busybox:1",
      labels: { a: "b" },
      state: "running",
      createdAt: "2024-01-01T00:00:00Z",
      startedAt: "2024-01-01T00:00:01Z",
      ipAddress: "172.17.0.2",
    });
  });

  it("reads an exited container killed for memory", () => {
    const info = fromInspect(inspect({ Status: "exited", ExitCode: 137, OOMKilled: true, FinishedAt: "2024-01-01T00:00:02Z" }));
    expect(info).toMatchObject({ state: "exited", exitCode: 137, oomKilled: true, finishedAt: "2024-01-01T00:00:02Z" });
  });

  it("keeps the engine's error of a failed start", () => {
    const error = 'OCI runtime create failed: exec: "nosuchcmd": executable file not found in $PATH: unknown';
    const info = fromInspect(inspect({ Status: "created", ExitCode: 127, Error: error }));
    expect(info).toMatchObject({ state: "created", exitCode: 127, error });
    expect(info.startedAt).toBeUndefined();
  });
});
