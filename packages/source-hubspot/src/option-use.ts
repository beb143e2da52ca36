/**
 * Which streams read each stream option. The options are one schema for every stream, so an
 * option under a stream that does not read it validates and is silently ignored: `pipe
 * validate`, `plan` and `run` warn at its place in the file instead (SourcePlugin.warnings).
 * Options most streams read (`sync`, `lookback_minutes`) are not listed.
 */
import type { ConfigWarning } from '@pipe/sdk';
import { type StreamSpec, streamSpec } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';

type Kind = StreamSpec['kind'];

interface Use {
  /** The streams that read it, in words. */
  readers: string;
  reads: (kind: Kind) => boolean;
}

const objectStreams: Use = { readers: 'the CRM object streams', reads: (k) => k === 'object' };
const propertyLists: Use = { readers: 'the CRM object streams and property_history', reads: (k) => k === 'object' || k === 'property_history' };
const only = (...kinds: Kind[]): Use => ({ readers: kinds.join(', '), reads: (k) => kinds.includes(k) });

export const OPTION_USE: Partial<Record<keyof HubSpotStreamOptions, Use>> = {
  properties: propertyLists,
  exclude_properties: propertyLists,
  parallel_full_sync: objectStreams,
  parallel_list_lanes: objectStreams,
  detect_deletes: objectStreams,
  delete_check_hours: objectStreams,
  calculated_refresh_hours: objectStreams,
  full_refresh_hours: { readers: 'the association streams and email_campaigns', reads: (k) => k === 'associations' || k === 'email_campaigns' },
  list_refresh_hours: only('list_memberships'),
  start_date: only('email_events', 'analytics', 'event_occurrences'),
  end_date: only('analytics'),
  breakdowns: only('analytics'),
  period: only('analytics'),
  metrics_days: only('campaign_assets'),
  per_contact: only('subscription_statuses'),
  objects: only('properties', 'merged_ids', 'property_history', 'event_occurrences'),
  event_types: only('event_occurrences'),
};

/**
 * A warning per option written under a stream that does not read it. Streams not in the fixed
 * catalog (custom objects, custom association pairs) are not known before a run: not checked.
 */
export function unreadOptionWarnings(streams: Record<string, Record<string, unknown>>): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  for (const [name, options] of Object.entries(streams)) {
    const kind = streamSpec(name)?.kind;
    if (kind === undefined) continue;
    for (const option of Object.keys(options)) {
      const use = OPTION_USE[option as keyof HubSpotStreamOptions];
      if (!use || use.reads(kind)) continue;
      out.push({
        path: ['streams', name, option],
        message: `${name} does not read \`${option}\`, so it is ignored (read by ${use.readers})`,
        hint: `move it under the stream it is meant for, or remove it`,
      });
    }
  }
  return out;
}
