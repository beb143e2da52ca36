import { type Row, type SchemaChange, SchemaChangeError, SinkError, type StreamSchema, ValueError, canonicalValue } from '@pipe/sdk';
import { primaryKeyOf } from '../values.ts';

/**
 * Check a batch against its stream's schema and copy it into the canonical form the memory
 * sink keeps (timestamps as Date, dates as 'YYYY-MM-DD', lists and JSON copied), so callers
 * can reuse their objects. Loose values follow the same rule as every DuckDB-backed sink
 * (the SDK's values.ts): converted alike, rejected alike. Any value that does
 * not fit fails the whole batch, before anything is kept.
 */
export function acceptRows(rows: Row[], schema: StreamSchema): Row[] {
  const types = new Map(schema.columns.map((c) => [c.name, c] as const));
  return rows.map((row, index) => {
    const where = `stream "${schema.name}", row ${index} of the batch`;
    const out: Row = {};
    for (const [name, value] of Object.entries(row)) {
      const column = types.get(name);
      if (!column) {
        throw new SinkError(`memory sink: ${where} has column "${name}", which the stream's schema does not declare`, {
          hint: 'Declare the column in the source schema, or drop it before the sink.',
        });
      }
      if (value === null || value === undefined) {
        out[name] = null;
        continue;
      }
      try {
        out[name] = canonicalValue(column.type, value);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        throw new SinkError(`memory sink: ${where}, column "${name}": ${e.message}`);
      }
    }
    for (const key of schema.primaryKey) {
      if (out[key] === null || out[key] === undefined) {
        throw new SinkError(`memory sink: ${where} has no value for primary-key column "${key}"`, {
          hint: 'Every row must carry its primary key; check the source.',
        });
      }
    }
    return out;
  });
}

/** Upsert `incoming` into `existing` by primary key (the last row with a key wins). */
export function mergeRows(existing: Row[], incoming: Row[], schema: StreamSchema): Row[] {
  if (schema.primaryKey.length === 0) return [...existing, ...incoming];
  const byKey = new Map<string, Row>();
  for (const row of existing) byKey.set(primaryKeyOf(row, schema.primaryKey, schema.columns), row);
  for (const row of incoming) byKey.set(primaryKeyOf(row, schema.primaryKey, schema.columns), row);
  return [...byKey.values()];
}

/** Integer values fit a number column: the one widening the memory sink applies. */
const WIDENINGS = new Set(['integer->number']);

/**
 * Evolve a table's schema to a newly prepared one: new columns are added (old rows read
 * them as null), columns the new schema lacks are kept, and a changed type is widened
 * when safe or refused.
 */
export function evolveSchema(current: StreamSchema, next: StreamSchema): { schema: StreamSchema; changes: SchemaChange[] } {
  const changes: SchemaChange[] = [];
  const columns = current.columns.map((c) => ({ ...c }));
  for (const col of next.columns) {
    const old = columns.find((c) => c.name === col.name);
    if (!old) {
      columns.push({ ...col, nullable: true });
      changes.push({ stream: next.name, kind: 'add_column', column: col.name, to: col.type });
    } else if (old.type !== col.type) {
      if (!WIDENINGS.has(`${old.type}->${col.type}`)) {
        throw new SchemaChangeError(
          `memory sink: stream "${next.name}", column "${col.name}" changed type from ${old.type} to ${col.type}, which the memory sink cannot convert`,
          { hint: 'Reset the stream with --full-refresh, or keep the column type.' },
        );
      }
      changes.push({ stream: next.name, kind: 'widen', column: col.name, from: old.type, to: col.type });
      old.type = col.type;
    }
  }
  return { schema: { ...next, columns }, changes };
}
