/**
 * What a stream is: its name, primary key, cursor and typed columns.
 *
 * Column types are logical; each sink maps them to its own types:
 * - `string`    text
 * - `integer`   whole number (JS number when safe, else bigint)
 * - `number`    double
 * - `boolean`
 * - `timestamp` instant with time zone; row value is a `Date` (or ISO string)
 * - `date`      calendar date; row value is `'YYYY-MM-DD'`
 * - `string[]`  list of strings (e.g. HubSpot multi-select)
 * - `json`      any JSON value (objects, arrays); sinks store it as JSON
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'date' | 'string[]' | 'json';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'string',
  'integer',
  'number',
  'boolean',
  'timestamp',
  'date',
  'string[]',
  'json',
];

export interface Column {
  name: string;
  type: ColumnType;
  /** Defaults to true; primary-key columns are never null. */
  nullable?: boolean;
  description?: string;
}

export interface StreamSchema {
  name: string;
  /** Columns that identify a row; empty for append-only streams. Merge sinks upsert on it. */
  primaryKey: string[];
  /** Column the source advances incrementally on, when it has one (informational for sinks). */
  cursor?: string;
  columns: Column[];
  description?: string;
  /** Sync modes the source supports for this stream; the first is the default. */
  syncModes?: SyncMode[];
}

export type SyncMode = 'incremental' | 'full';

/** A record: plain object keyed by column name. Values follow the column's logical type. */
export type Row = Record<string, unknown>;

/** JSON-serialisable value (checkpoints and state must be JSON). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
