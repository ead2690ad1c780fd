// `client.tokens`: join tokens for agents and API tokens for clients (docs/security.md). A new
// token's secret is in create()'s answer only; list() never shows it.
import type { Transport } from "./transport.js";

export type TokenUsage = "join" | "api";

export interface CreatedToken {
  /** For a join token `SKIFF-1-<CA hash>-<id>.<secret>`, for an API token `<id>.<secret>`. */
  token: string;
  id: string;
  /** `sha256:<hex>` of the cluster CA's public key. */
  caCertHash: string;
  /** RFC 3339, or undefined when it never expires. */
  expires?: string;
}

export interface TokenInfo {
  id: string;
  usage: TokenUsage;
  created: string;
  expires?: string;
  /** Agents that joined with it. */
  usages: number;
  description?: string;
  /** An API token's user and groups. */
  user?: string;
  groups?: string[];
}

export class TokenClient {
  constructor(private readonly transport: Transport) {}

  /** `user` (API tokens): who the token authenticates as, for RBAC; none: `skiff:admin`. */
  async create(usage: TokenUsage = "join", options: { ttlSeconds?: number; description?: string; user?: string; groups?: string[] } = {}): Promise<CreatedToken> {
    const res = await this.transport.unary(this.transport.api.CreateToken, {
      usage,
      ttlSeconds: String(Math.max(0, Math.ceil(options.ttlSeconds ?? 0))),
      description: options.description ?? "",
      user: options.user ?? "",
      groups: options.groups ?? [],
    });
    return { token: res.token, id: res.id, caCertHash: res.caCertHash, ...(res.expires ? { expires: res.expires } : {}) };
  }

  async list(): Promise<TokenInfo[]> {
    const res = await this.transport.unary(this.transport.api.ListTokens, {});
    return res.tokens.map((t) => ({
      id: t.id,
      usage: t.usage === "api" ? "api" : "join",
      created: t.created,
      usages: t.usages,
      ...(t.expires ? { expires: t.expires } : {}),
      ...(t.description ? { description: t.description } : {}),
      ...(t.user ? { user: t.user, groups: t.groups } : {}),
    }));
  }

  async revoke(id: string): Promise<void> {
    await this.transport.unary(this.transport.api.RevokeToken, { id });
  }
}
