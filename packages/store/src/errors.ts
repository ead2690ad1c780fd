// Errors only the store raises; the shared ones (NotFound, Conflict, ...) come from @skiff/api.
import { SkiffError } from "@skiff/api";

/** LevelDB allows one process per directory: a second server on the same data dir must stop. */
export class DataDirInUseError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`the data dir ${dir} is in use by another skiff server`, options);
  }
}
