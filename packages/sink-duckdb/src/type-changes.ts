import type { DuckType } from '@pipe/duckdb-values';

/** What to do when a column stored as `stored` now arrives as `incoming`. */
export type TypeVerdict =
  /** Same type, or the stored type already holds every incoming value (double ← integer, text ← anything). */
  | { kind: 'keep' }
  /** A lossless widening: ALTER the column to `to`. */
  | { kind: 'widen'; to: DuckType }
  /** No safe widening: `evolve` converts the column to JSON (keeps every old and new value), `freeze` fails. */
  | { kind: 'incompatible'; to: DuckType };

const WIDENINGS: Partial<Record<DuckType, DuckType[]>> = {
  // stored → incoming types that widen the stored column to the incoming type
  BIGINT: ['DOUBLE'],
  DATE: ['TIMESTAMPTZ'],
};

/** Incoming types a stored column already holds losslessly, so nothing changes. */
const HOLDS: Partial<Record<DuckType, DuckType[]>> = {
  DOUBLE: ['BIGINT'],
  TIMESTAMPTZ: ['DATE'],
  VARCHAR: ['BIGINT', 'DOUBLE', 'BOOLEAN', 'TIMESTAMPTZ', 'DATE', 'VARCHAR[]', 'JSON'],
  JSON: ['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'TIMESTAMPTZ', 'DATE', 'VARCHAR[]'],
};

/**
 * Decide how a stored column meets a new declared type. `stored` is undefined for a
 * column of a type pipe never creates (a user's DECIMAL, say): we keep it and let
 * DuckDB cast, since the user chose it.
 */
export function compareTypes(stored: DuckType | undefined, incoming: DuckType): TypeVerdict {
  if (stored === undefined || stored === incoming) return { kind: 'keep' };
  if (HOLDS[stored]?.includes(incoming)) return { kind: 'keep' };
  if (WIDENINGS[stored]?.includes(incoming)) return { kind: 'widen', to: incoming };
  // "Anything → text" only where the stream declares the column as text.
  if (incoming === 'VARCHAR') return { kind: 'widen', to: 'VARCHAR' };
  return { kind: 'incompatible', to: 'JSON' };
}
