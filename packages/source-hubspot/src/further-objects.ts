/**
 * The further CRM object types (leads, goal targets, invoices, courses, …; API-FACTS-2 §6): the
 * object stream reads them like any other; what differs is that a portal may not have them. A
 * named one the portal lacks fails alone, saying which object type is missing and what enables it.
 */
import { type Batch, HttpError, MissingScopesError, type StreamRequest } from '@pipe/sdk';
import { SKIP_HINT, UnavailableError, isUnavailable } from './availability.ts';
import type { ObjectStreamSpec } from './catalog.ts';
import type { ReadEnv } from './env.ts';
import { readObjectStream } from './object-stream.ts';

/** Why the portal does not answer for this type, in a few words. */
function why(e: unknown): string {
  if (e instanceof HttpError) return `HubSpot answers ${e.status}: ${e.message}`;
  return (e as Error).message;
}

export async function* readFurtherObject(env: ReadEnv, spec: ObjectStreamSpec, req: StreamRequest): AsyncGenerator<Batch> {
  let yielded = false;
  try {
    for await (const batch of readObjectStream(env, spec, req)) {
      yielded = true;
      yield batch;
    }
  } catch (e) {
    // A missing scope says what to grant already; other refusals before any data mean the type is not there.
    if (yielded || !isUnavailable(e) || e instanceof MissingScopesError || e instanceof UnavailableError) throw e;
    throw new UnavailableError(`this portal has no ${spec.name} (object type ${spec.further!.typeId}): ${why(e)}`, `${spec.further!.needs}. Otherwise remove ${spec.name} from streams:, ${SKIP_HINT}.`);
  }
}

/** "leads (400), courses (403)": the further types discovery found missing, for one log line. */
export function furtherLacking(lacking: Map<string, unknown>): string {
  return [...lacking].map(([name, e]) => `${name} (${e instanceof MissingScopesError ? `token lacks ${e.scopes.join(' or ')}` : e instanceof HttpError ? e.status : (e as Error).message})`).join(', ');
}
