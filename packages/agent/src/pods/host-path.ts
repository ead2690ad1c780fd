// hostPath volumes: the check (or creation) kubelet does before mounting one, by its `type`.
// Thin I/O on the agent's own filesystem: it assumes the agent runs on the engine's machine
// (as `skiff agent` and `skiff up` do). An agent in a container sees its own filesystem, not the
// host's: run it with the host paths it serves mounted at the same place.
//
// Docker's mount API (unlike the old `Binds`) refuses a bind source that does not exist, so the
// agent makes what Kubernetes would: a directory for "" (no check, Docker's Binds semantics) and
// DirectoryOrCreate, an empty file for FileOrCreate.
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Stats } from "node:fs";
import { ContainerConfigError } from "./configs.js";
import type { HostPathCheck } from "./volumes.js";

const fail = (path: string, what: string) => new ContainerConfigError(`hostPath type check failed: ${path} is not ${what}`);

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function prepareHostPath({ path, type }: HostPathCheck): Promise<void> {
  const s = await statOf(path);
  switch (type) {
    case "":
    case "DirectoryOrCreate":
      if (!s) await mkdir(path, { recursive: true, mode: 0o755 });
      else if (type === "DirectoryOrCreate" && !s.isDirectory()) throw fail(path, "a directory");
      return;
    case "Directory":
      if (!s?.isDirectory()) throw fail(path, "a directory");
      return;
    case "FileOrCreate":
      if (!s) {
        await mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await writeFile(path, "", { mode: 0o644, flag: "a" });
      } else if (!s.isFile()) throw fail(path, "a file");
      return;
    case "File":
      if (!s?.isFile()) throw fail(path, "a file");
      return;
    case "Socket":
      if (!s?.isSocket()) throw fail(path, "a socket file");
      return;
    case "CharDevice":
      if (!s?.isCharacterDevice()) throw fail(path, "a character device");
      return;
    case "BlockDevice":
      if (!s?.isBlockDevice()) throw fail(path, "a block device");
      return;
    default:
      throw new ContainerConfigError(`hostPath type ${type} is not supported (${path})`);
  }
}
