// Who is logged in to the dashboard, kept in memory only (a server restart logs everyone out).
// `skiff dashboard` trades the user's API token for a login code: short-lived and good once, so
// that a link printed in a terminal or kept in a browser's history is worthless a minute later.
// The browser trades the code for a session: an unguessable id in an HttpOnly cookie, standing
// for the token. Every request is still authenticated and authorised with that token, so a
// revoked token ends its sessions at once; no second authentication system.
import { randomBytes } from "node:crypto";

/** How long a login code may wait for its browser. */
export const LOGIN_CODE_TTL_MS = 60_000;
/** How long a session lasts after its last request. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** Enough for a classroom; past it the oldest session goes (memory stays bounded). */
export const MAX_SESSIONS = 1_000;

interface Entry {
  token: string;
  expires: number;
}

export class DashboardSessions {
  private readonly codes = new Map<string, Entry>();
  private readonly sessions = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A one-time code standing for `token` for LOGIN_CODE_TTL_MS. */
  mintCode(token: string): string {
    this.sweep();
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, { token, expires: this.now() + LOGIN_CODE_TTL_MS });
    return code;
  }

  /** The session id the code opens; undefined when it is unknown, used or expired. */
  redeem(code: string): string | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code); // good once, even when it came too late
    if (!entry || entry.expires <= this.now()) return undefined;
    const id = randomBytes(32).toString("base64url");
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(id, { token: entry.token, expires: this.now() + SESSION_IDLE_MS });
    return id;
  }

  /** The token of a live session (and the session lives on); undefined otherwise. */
  tokenOf(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const entry = this.sessions.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    entry.expires = this.now() + SESSION_IDLE_MS;
    return entry.token;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Drop expired codes (called when one is minted: the map never grows past a minute's worth). */
  private sweep(): void {
    const now = this.now();
    for (const [code, e] of this.codes) if (e.expires <= now) this.codes.delete(code);
  }
}
