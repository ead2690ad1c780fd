// The API's token calls: `skiff token create|list|revoke` (docs/security.md). The secret of a new
// token is in CreateToken's answer and nowhere else: the store keeps its hash, the log its id.
import type * as grpc from "@grpc/grpc-js";
import { formatJoinToken, NotFoundError, SkiffError, ValidationError } from "@skiff/api";
import type { ApiHandlers } from "@skiff/proto";
import type { Logger } from "../log.js";
import type { ClusterCA, TokenStore, TokenUsage } from "../security/index.js";
import { toServiceError } from "./status.js";
import { tokenUser } from "../security/tokens.js";

export type TokenHandlers = Pick<ApiHandlers, "CreateToken" | "ListTokens" | "RevokeToken">;

/** The token calls; `security` absent (--insecure): there are no tokens, and each call says so. */
export function tokenHandlers(security: { tokens: TokenStore; ca: ClusterCA } | undefined, log: Logger): TokenHandlers {
  const unary = <Req, Res>(fn: (req: Req, s: { tokens: TokenStore; ca: ClusterCA }) => Promise<Res>): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => {
          if (!security) throw new InsecureServerError("the server runs --insecure: it has no tokens (agents and clients need none)");
          return fn(call.request, security);
        })
        .then(
          (res) => callback(null, res),
          (err: unknown) => callback(toServiceError(err, log)),
        );
    };
  return {
    CreateToken: unary(async (req, { tokens, ca }) => {
      const usage = parseUsage(req.usage);
      const ttlSeconds = Number(req.ttlSeconds);
      if (req.user && usage !== "api") throw new ValidationError([{ path: "user", message: "only an API token names a user" }]);
      const { token, record } = await tokens.create(usage, { ttlMs: ttlSeconds > 0 ? ttlSeconds * 1000 : undefined, description: req.description || undefined, user: req.user || undefined, groups: req.groups });
      log.info({ id: record.id, usage, expires: record.expires, user: record.user }, "token created");
      const [id, secret] = token.split(".") as [string, string];
      return {
        token: usage === "join" ? formatJoinToken({ id, secret, caCertHash: ca.hash }) : token,
        id: record.id,
        caCertHash: ca.hash,
        expires: record.expires ?? "",
      };
    }),
    ListTokens: unary(async (_req, { tokens }) => ({
      tokens: tokens.list().map((t) => ({ id: t.id, usage: t.usage, created: t.created, expires: t.expires ?? "", usages: t.usages, description: t.description ?? "", user: t.usage === "api" ? tokenUser(t).name : "", groups: t.usage === "api" ? tokenUser(t).groups : [] })),
    })),
    RevokeToken: unary(async (req, { tokens }) => {
      if (!(await tokens.revoke(req.id))) throw new NotFoundError(`token "${req.id}" not found`);
      log.info({ id: req.id }, "token revoked");
      return {};
    }),
  };
}

function parseUsage(usage: string): TokenUsage {
  if (usage === "" || usage === "join") return "join";
  if (usage === "api") return "api";
  throw new ValidationError([{ path: "usage", message: `"${usage}" is not a token usage: "join" or "api"` }]);
}

class InsecureServerError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
}
