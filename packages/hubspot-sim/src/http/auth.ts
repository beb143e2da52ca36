// Bearer-token auth with per-token scopes, answering 401/403 with HubSpot's bodies and headers.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Reply, hubspotError } from './reply.ts';

export const ALL_SCOPES = '*';

export class TokenRegistry {
  private readonly scopes = new Map<string, Set<string>>();

  constructor(defaultToken: string, extra: Record<string, { scopes: string[] }> = {}, defaultScopes?: string[]) {
    this.scopes.set(defaultToken, new Set(defaultScopes ?? [ALL_SCOPES]));
    for (const [token, { scopes }] of Object.entries(extra)) this.scopes.set(token, new Set(scopes));
  }

  /** The token of a request, or a 401 reply. */
  authenticate(headers: IncomingHttpHeaders): { token: string } | { reply: Reply } {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    const token = m?.[1];
    if (token && this.scopes.has(token)) return { token };
    const reply = hubspotError(
      401,
      'INVALID_AUTHENTICATION',
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    );
    reply.headers = { 'x-hubspot-auth-failure': '401 Unauthorized', 'x-hubspot-correlation-id': randomUUID() };
    return { reply };
  }

  /** null when the token holds one of `required` (or `required` is empty); else the 403 reply. */
  authorize(token: string, required: string[]): Reply | null {
    const granted = this.scopes.get(token)!;
    if (required.length === 0 || granted.has(ALL_SCOPES) || required.some((s) => granted.has(s))) return null;
    return hubspotError(
      403,
      'MISSING_SCOPES',
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: required } }],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      },
    );
  }
}
