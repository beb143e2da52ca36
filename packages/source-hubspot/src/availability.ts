/**
 * Whether a stream can run in this portal. Portals differ: objects not enabled or not bought,
 * beta objects, properties that do not exist (`hs_merged_object_ids`), scopes the token lacks,
 * endpoints the account has no access to. A stream that cannot run fails alone with what is
 * missing and what to do; in the default selection (no `streams:` key), or with
 * `skip_unavailable`, it is skipped with a warning instead.
 */
import { HttpError, MissingScopesError, PipeError, SourceError } from '@pipe/sdk';

/** Something the portal lacks that a stream needs (raised by the source itself, e.g. a missing property). */
export class UnavailableError extends PipeError {
  constructor(message: string, hint: string) {
    super('SOURCE', message, { hint });
  }
}

/**
 * Answers that mean "this portal or token cannot serve that": missing scope, 403, and what
 * `notServed` says, before any data.
 */
export function isUnavailable(e: unknown): e is Error {
  if (e instanceof MissingScopesError || e instanceof UnavailableError) return true;
  return notServed(e) || (e instanceof HttpError && e.status === 403);
}

/**
 * 400/404 (an object type or endpoint HubSpot does not know here) and 405/501 (a server that does
 * not implement the endpoint: not HubSpot, but compatible ones): the call is not served here, and
 * asking again will not change that. Also how a missing search shows (object-stream.ts).
 */
export function notServed(e: unknown): e is HttpError {
  return e instanceof HttpError && NOT_SERVED.has(e.status);
}

const NOT_SERVED = new Set([400, 404, 405, 501]);

export const SKIP_HINT = 'or set skip_unavailable: true on the source to skip streams this portal cannot serve with a warning';

/** The error a selected stream fails with when the portal cannot serve it. */
export function unavailableError(stream: string, e: Error): Error {
  if (e instanceof MissingScopesError || e instanceof UnavailableError) return e;
  const status = e instanceof HttpError ? e.status : undefined;
  const why =
    status === 403
      ? 'the account or token has no access to it'
      : status === 404
        ? 'HubSpot does not know its endpoint or object type here'
        : status === 405 || status === 501
          ? 'the server does not implement the endpoint that reads it'
          : 'HubSpot refused the call that reads it (an object type or feature this portal does not have)';
  return new SourceError(`stream ${stream} cannot run in this portal: ${why}. ${e.message}`, {
    hint: `If the portal should have it, check the object or feature is enabled and the token's scopes; otherwise remove ${stream} from streams:, ${SKIP_HINT}.`,
    cause: e,
  });
}
