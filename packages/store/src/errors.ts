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

/**
 * A commit etcd would refuse: more keys than one transaction may hold (`--max-txn-ops`, 128 by
 * default) or a request larger than `--max-request-bytes` (1.5 MiB by default). The commit is
 * atomic, so it cannot be cut in two here; the caller must write less at once.
 */
export class CommitTooLargeError extends SkiffError {
  readonly code = "RESOURCE_EXHAUSTED";
}

/**
 * A leader's write refused because its term is over: the leader key is gone or belongs to a new
 * term (etcd-fence.ts). Nothing was written; this server must stop acting as the leader.
 */
export class LeadershipLostError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
