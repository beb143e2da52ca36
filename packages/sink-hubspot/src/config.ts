/**
 * The HubSpot sink's config, declared once. Connection fields are the HubSpot source's own
 * (same meaning, same docs); the write fields can be set for the whole sink or per stream
 * under the sink's `streams:`.
 */
import { type Static, Type, pathField } from '@pipe/sdk';
import { connectionFields } from '@pipe/hubspot-api';

const { search_requests_per_second: _searchOnly, ...connection } = connectionFields;

/** Where and how one stream is written; a stream option overrides the sink option of the same name. */
const writeFields = {
  object: Type.String({
    description: 'HubSpot object the stream writes to: `contacts`, `companies`, `deals`, … or a custom object (`2-…` or its name).',
    minLength: 1,
    examples: ['contacts', 'companies'],
  }),
  id_property: Type.String({
    description:
      'How a row finds its record. A unique property (`email` for contacts, or any property with unique values) → batch upsert: updates the record holding that value, creates it when none does. `hs_object_id` → batch update of existing records by record id (a missing id is a reject).',
    minLength: 1,
    examples: ['email', 'external_id', 'hs_object_id'],
  }),
  key_column: Type.String({
    description: 'Stream column holding the id value. Default: the column mapped to `id_property`, else the column named like it.',
    minLength: 1,
  }),
  mapping: Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
    description:
      'Stream column → HubSpot property name. Only mapped columns are written. Without a mapping, every column except the key column is written to the property of the same name. Checked against the properties API before the first write.',
    examples: [{ score: 'pipe_lead_score', grade: 'lead_grade' }],
  }),
  nulls: Type.Union([Type.Literal('skip'), Type.Literal('clear')], {
    description: '`skip` (default) leaves a property untouched when the column is NULL; `clear` empties it in HubSpot.',
  }),
};

export const hubspotSinkConfig = Type.Object(
  {
    ...connection,
    object: Type.Optional(writeFields.object),
    id_property: Type.Optional(writeFields.id_property),
    key_column: Type.Optional(writeFields.key_column),
    mapping: Type.Optional(writeFields.mapping),
    nulls: Type.Optional(writeFields.nulls),
    rejects: Type.Optional(
      pathField({
        description:
          'JSON Lines file that collects every record HubSpot (or pipe’s own checks) rejected, with the reason; lines are appended, one per record, each with the run’s start time. Without it rejects are only logged and counted.',
        examples: ['out/hubspot-rejects.jsonl'],
      }),
    ),
    invalid_options: Type.Union([Type.Literal('fail'), Type.Literal('reject')], {
      description:
        'A value that is not one of an enumeration property’s options: `fail` (default) stops the stream before that batch is sent, naming property, values and allowed options; `reject` sends the other rows and puts these in the rejects.',
      default: 'fail',
    }),
    skip_unchanged: Type.Boolean({
      description:
        'Before each batch, read the records’ current values (one batch/read call per 100, same rate budget) and send only records where something differs. Every write bumps last-modified in HubSpot; skipping no-op writes is what lets a pipeline that also reads the object incrementally settle instead of re-syncing its own writes forever.',
      default: true,
    }),
    dry_run: Type.Boolean({
      description:
        'Write nothing: read the current HubSpot values of the batch’s records and report how many would be created, updated or left unchanged, with a sample diff. The pipeline state does not advance. (`pipe run --dry-run` instead skips every sink.) Accepts `${VAR}`.',
      default: false,
    }),
    dry_run_sample: Type.Integer({ description: 'Records per stream shown in the dry-run diff.', default: 5, minimum: 0 }),
    batch_size: Type.Integer({ description: 'Records per batch call (HubSpot accepts at most 100).', default: 100, minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type HubSpotSinkConfig = Static<typeof hubspotSinkConfig>;

export const hubspotSinkStreamOptions = Type.Object(
  {
    object: Type.Optional(writeFields.object),
    id_property: Type.Optional(writeFields.id_property),
    key_column: Type.Optional(writeFields.key_column),
    mapping: Type.Optional(writeFields.mapping),
    nulls: Type.Optional(writeFields.nulls),
  },
  { additionalProperties: false },
);
export type HubSpotSinkStreamOptions = Static<typeof hubspotSinkStreamOptions>;

/** The id property that means "the record id" (batch update instead of upsert). */
export const RECORD_ID = 'hs_object_id';
