// The fake's volumes and files: named volumes shared by every container that mounts them, and the
// files that putFiles places (through a container's mounts, or in its own layer). Enough of Docker's
// behaviour for pod tests to read what a pod would see: mounts, replacement, symlinks.
import type { FileToPut, Mount, VolumeInfo, VolumeOptions } from "../runtime.js";

/** A file (or, with `link`, a symlink) the fake holds, in a container or a volume. */
export interface FakeFile {
  data: Buffer;
  mode: number;
  link?: string;
}

/** What a container is, as far as files go: its own layer and its mounts. */
export interface FileOwner {
  files: Map<string, FakeFile>;
  mounts: readonly Mount[];
}

export class FakeVolumes {
  /** Volumes by name, each with the files written into it. */
  readonly volumes = new Map<string, VolumeInfo & { files: Map<string, FakeFile> }>();

  ensure(name: string, options: VolumeOptions): void {
    if (!this.volumes.has(name)) this.volumes.set(name, { name, labels: { ...options.labels }, files: new Map() });
  }

  remove(name: string): void {
    this.volumes.delete(name);
  }

  list(labels: Record<string, string>): VolumeInfo[] {
    return [...this.volumes.values()]
      .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
      .map((v) => ({ name: v.name, labels: { ...v.labels } }));
  }

  /**
   * Files land in the volume mounted at `dir` (seen by every container mounting it), else in the
   * container. As Docker's extraction, a file or link replaces whatever was at its path, a whole
   * directory included.
   */
  put(owner: FileOwner, dir: string, files: FileToPut[]): void {
    for (const f of files) {
      const { store, path } = this.resolve(owner, `${dir.replace(/\/$/, "")}/${f.path}`);
      if (f.type === "directory") {
        store.delete(path); // a file or link there goes; directories are implied by the paths under them
        continue;
      }
      for (const key of [...store.keys()]) if (key.startsWith(`${path}/`)) store.delete(key);
      const entry: FakeFile = { data: f.type === "symlink" ? Buffer.alloc(0) : f.data, mode: f.mode };
      if (f.type === "symlink") entry.link = f.linkTarget ?? "";
      store.set(path, entry);
    }
  }

  /** What a container would read at `path`, through its volume mounts and symlinks. */
  read(owner: FileOwner, path: string): Buffer | undefined {
    let current = path;
    for (let hops = 0; hops < 40; hops++) {
      const { store, path: key, base } = this.resolve(owner, current);
      // The longest prefix of the path that is a symlink, if any, is followed.
      const parts = key.split("/");
      let followed = false;
      for (let i = parts.length; i > 0 && !followed; i--) {
        const link = store.get(parts.slice(0, i).join("/"))?.link;
        if (link === undefined) continue;
        const dir = [base, ...parts.slice(0, i - 1)].filter(Boolean).join("/");
        const target = link.startsWith("/") ? link : `${dir.startsWith("/") ? "" : "/"}${dir}/${link}`;
        current = [target, ...parts.slice(i)].join("/").replace(/\/+/g, "/");
        followed = true;
      }
      if (!followed) return store.get(key)?.data;
    }
    return undefined;
  }

  private resolve(owner: FileOwner, path: string) {
    const normal = path.replace(/\/+/g, "/").split("/").reduce<string[]>((out, p) => (p === ".." ? out.slice(0, -1) : p && p !== "." ? [...out, p] : out), []);
    const clean = `/${normal.join("/")}`;
    for (const m of owner.mounts) {
      const volume = m.type === "volume" && m.source ? this.volumes.get(m.source) : undefined;
      if (volume && (clean === m.target || clean.startsWith(`${m.target}/`))) {
        return { store: volume.files, path: clean.slice(m.target.length + 1), base: m.target };
      }
    }
    return { store: owner.files, path: clean, base: "" };
  }
}
