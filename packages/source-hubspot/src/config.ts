/**
 * The HubSpot source's config, declared once: the TypeScript type, validation, the editor
 * schema and the reference docs all come from these TypeBox values.
 */
import { connectionFields } from '@pipe/hubspot-api';
import { type Static, Type } from '@pipe/sdk';
import { OBJECT_STREAMS } from './catalog.ts';

/** `parallel_list_lanes` when a stream does not set it. */
export const DEFAULT_LIST_LANES = 6;
/** The longest GET URL pipe sends unless `max_url_length` says otherwise. */
export const DEFAULT_MAX_URL_LENGTH = 12_000;

export const hubspotConfig = Type.Object(
  {
    ...connectionFields,
    skip_missing_scopes: Type.Boolean({
      description: 'When the token lacks the scope a stream needs: true skips that stream with a warning; false (default) fails it with the scope to add.',
      default: false,
    }),
    skip_unavailable: Type.Boolean({
      description:
        'When a stream named under `streams:` cannot run in this portal (object type absent or not enabled, a property it needs missing, scope missing, an endpoint the account lacks): true skips it with a warning; false (default) fails that stream alone, naming what is missing, and the others run. Streams of the default selection (no `streams:` key) are always skipped with a warning.',
      default: false,
    }),
    associations: Type.Optional(
      Type.Array(Type.Array(Type.String({ minLength: 1 }), { minItems: 2, maxItems: 2 }), {
        description:
          'Association tables besides the default ones: each [from, to] pair of object streams (standard, further or custom objects, by stream name) becomes the table `{from}_to_{to}`, one row per association with its type id and label (labels come from HubSpot\'s labels endpoint at run time). The default tables stay: every engagement to contacts, companies, deals and tickets, quotes to deals, line items, contacts and companies, contacts/deals/tickets to companies and contacts, line items to deals, company parent/child, and each custom object to the objects its schema associates it with.',
        examples: [[['calls', 'deals'], ['notes', 'companies'], ['cars', 'companies']]],
        default: [],
      }),
    ),
    max_url_length: Type.Integer({
      description:
        'Longest GET URL pipe sends. When the property list does not fit, pipe lists ids and reads records with POST batch/read instead (avoids HTTP 414).',
      default: DEFAULT_MAX_URL_LENGTH,
      minimum: 1_000,
    }),
  },
  { additionalProperties: false },
);
export type HubSpotConfig = Static<typeof hubspotConfig>;

const OBJECT_NAMES = OBJECT_STREAMS.map((s) => s.name);

/** `YYYY-MM-DD` with a month 01–12 and a day 01–31 (a day the month lacks, such as 02-30, fails the stream: values.ts dayOption). */
const DAY_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

export const hubspotStreamOptions = Type.Object(
  {
    sync: Type.Optional(
      Type.Union([Type.Literal('incremental'), Type.Literal('full')], {
        description: 'incremental (default for CRM objects): search on the last-modified property from the last cursor; full: list everything each run.',
      }),
    ),
    properties: Type.Optional(
      Type.Array(Type.String(), { description: 'Only these properties become columns (default: all properties of the object).', examples: [['email', 'firstname']] }),
    ),
    exclude_properties: Type.Optional(Type.Array(Type.String(), { description: 'Properties to leave out (applied after `properties`).', default: [] })),
    lookback_minutes: Type.Optional(
      Type.Number({
        description: 'Incremental runs re-read this many minutes before the last cursor, because HubSpot search is eventually consistent (form_submissions: before the newest submission each form had).',
        default: 5,
        minimum: 0,
      }),
    ),
    parallel_full_sync: Type.Optional(
      Type.Boolean({
        description:
          'CRM objects, first (or full) sync of more than 2,000 records: the id span is cut into pieces read at once — a list walk from the lowest id, `parallel_list_lanes` list walks started mid-span that fill the burst budget, and search lanes on the separate search budget (4 calls × 200 records per second by default) at the top — and a lane that runs out of work takes over part of the piece with the most left, so slow lanes never hold the run back. Relies on the list endpoint returning records in ascending id order (not documented by HubSpot): pipe checks every page, and if it is not, lists that object as one plain walk from the start instead, with a warning. false lists one page at a time.',
        default: true,
      }),
    ),
    parallel_list_lanes: Type.Optional(
      Type.Integer({
        description:
          "With `parallel_full_sync`: list walks started in the middle of the id span (`after=<id>`), besides the one from the start, so list pages run several at once up to the burst limit (~5 are in flight at 250 ms and 19 calls/s). HubSpot documents list cursors as opaque, though they are the next record's id in practice: pipe checks each walk's first page against search, and if HubSpot refuses such a cursor or it skips records, that part is read by search and the run stops seeking (a warning says so). 0 turns it off.",
        default: DEFAULT_LIST_LANES,
        minimum: 0,
        maximum: 32,
      }),
    ),
    detect_deletes: Type.Optional(
      Type.Boolean({
        description:
          'CRM objects: mark records that vanished without trace (hard or GDPR deletes) with deleted_at. The stream keeps the ids it emitted as a compressed set in its state and, every `delete_check_hours`, walks the live ids (no properties, one call per 100 records). false: never.',
        default: true,
      }),
    ),
    delete_check_hours: Type.Optional(
      Type.Number({
        description:
          'CRM objects: run the delete check at most this often (the first run after it is due checks; `pipe run --check-deletes` forces it). A scheduled check is skipped with a warning when it would leave less than 10 % of the daily API limit. 0: on every run.',
        default: 24,
        minimum: 0,
      }),
    ),
    full_refresh_hours: Type.Optional(
      Type.Number({
        description:
          'Association streams: re-read every association this often. Changing an association does not bump a record\'s last-modified, so between full re-reads only associations of changed records are refreshed. A full re-read costs 2 calls per 100 records; a refresh 1 search per 200 changed records plus 1 call per 100. email_campaigns: read every campaign\'s detail again this often (between, only campaigns whose listed lastUpdatedTime moved or is missing), in case counters move without it.',
        default: 24,
        minimum: 0,
      }),
    ),
    list_refresh_hours: Type.Optional(
      Type.Number({
        description:
          "list_memberships: re-read a list's members at least this often even when its size, last added/removed times and definition did not move (HubSpot does not document that those move on every change). Lists whose fingerprint moved are re-read on every run. 0: every list on every run.",
        default: 168,
        minimum: 0,
      }),
    ),
    calculated_refresh_hours: Type.Optional(
      Type.Number({
        description:
          "CRM objects: re-read the records already synced this often, so calculated, rollup and score properties (`calculated: true` or a `calculation_*` field type) stay fresh: HubSpot recomputes them without moving last-modified, so incremental search misses those changes. Whole rows are re-read and merged on id (the sinks replace a key's row, so a row of only the calculated columns would blank the others): 1 batch read per 100 records, skipped with a warning when it would leave less than 10 % of the daily API limit. Streams without such columns never refresh (leave them out with `exclude_properties` to avoid the cost). 0: on every run.",
        default: 24,
        minimum: 0,
      }),
    ),
    start_date: Type.Optional(
      Type.String({
        description: 'email_events, analytics and event_occurrences: read from this day (YYYY-MM-DD, UTC) on the first run. Default: email_events and event_occurrences everything, analytics 30 days before end_date.',
        pattern: DAY_PATTERN,
        examples: ['2026-01-01'],
      }),
    ),
    end_date: Type.Optional(Type.String({ description: 'analytics: last day of the range (YYYY-MM-DD, UTC). Default: today.', pattern: DAY_PATTERN, examples: ['2026-03-31'] })),
    breakdowns: Type.Optional(
      Type.Array(Type.String(), {
        description: 'analytics: which reports to read, e.g. totals, sources, geolocation, utm-campaigns (one call each per run).',
        default: ['totals', 'sources'],
      }),
    ),
    period: Type.Optional(
      Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')], { description: 'analytics: one row per day, week or month.', default: 'daily' }),
    ),
    metrics_days: Type.Optional(
      Type.Integer({
        description: 'campaign_assets: also read each asset\'s metrics (sends, opens, views, submissions, … per asset type) over this many days up to today (UTC). Default: no metrics.',
        minimum: 1,
      }),
    ),
    per_contact: Type.Optional(
      Type.Boolean({
        description:
          'subscription_statuses: read each contact\'s statuses with one call per contact (the single-address v4 endpoint) instead of batch reads of 100, for accounts without the batch endpoint (it needs Marketing Hub Enterprise and the communication_preferences.statuses.batch.read scope). Opt-in: a run then costs two calls (statuses, opt-out of all) per contact with an email address.',
        default: false,
      }),
    ),
    objects: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: `For the \`properties\` and \`merged_ids\` streams: which objects to cover (default: every object the token may read; one of ${OBJECT_NAMES.join(', ')}). For \`property_history\`: required, the objects whose history to read (opt-in; \`properties\` narrows it): any object stream, custom objects (by stream name) and further objects (leads, invoices, …) included. For \`event_occurrences\`: required, the objects whose events to read.`,
        examples: [['deals'], ['contacts', 'cars']],
      }),
    ),
    event_types: Type.Optional(
      Type.Array(Type.String(), {
        description: 'event_occurrences: only these event types (e.g. e_visited_page, pe<portalId>_<name>); one read per type and object. Default: every type.',
        examples: [['e_visited_page', 'e_submitted_form']],
      }),
    ),
  },
  { additionalProperties: false },
);
export type HubSpotStreamOptions = Static<typeof hubspotStreamOptions>;

export const DEFAULT_LOOKBACK_MINUTES = 5;
