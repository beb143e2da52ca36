import { type Column, type ColumnType, type SchemaChange, SchemaChangeError, type StreamSchema } from '@pipe/sdk';

export type SchemaPolicy = 'evolve' | 'freeze';

/** Type changes every reader unifies without loss (union_by_name reads old files as the new type). */
const WIDENINGS: Partial<Record<ColumnType, ColumnType[]>> = { integer: ['number'] };

/**
 * Compare a stream's incoming schema with the columns its files already have. New columns
 * simply appear in new files (readers with union_by_name see null for old rows). A type
 * change that is not a widening fails under `freeze`, and is applied to new files under
 * `evolve`. Returns the merged column list (old order first) and the changes made.
 */
export function evolveColumns(
  schema: StreamSchema,
  existing: Column[] | undefined,
  policy: SchemaPolicy,
): { columns: Column[]; changes: SchemaChange[] } {
  const stream = schema.name;
  if (!existing) return { columns: schema.columns.map(stripColumn), changes: [{ stream, kind: 'create' }] };
  const columns = existing.map((c) => ({ ...c }));
  const changes: SchemaChange[] = [];
  for (const incoming of schema.columns) {
    const old = columns.find((c) => c.name === incoming.name);
    if (!old) {
      columns.push(stripColumn(incoming));
      changes.push({ stream, kind: 'add_column', column: incoming.name, to: incoming.type });
      continue;
    }
    if (old.type === incoming.type) continue;
    const widening = WIDENINGS[old.type]?.includes(incoming.type) ?? false;
    if (!widening && policy === 'freeze') {
      throw new SchemaChangeError(
        `parquet sink: stream "${stream}", column "${incoming.name}" changed type from ${old.type} to ${incoming.type}, and schema_changes is freeze`,
        { hint: 'Set schema_changes: evolve to write new files with the new type, or rewrite the stream with write: replace.' },
      );
    }
    changes.push({ stream, kind: widening ? 'widen' : 'other', column: incoming.name, from: old.type, to: incoming.type });
    old.type = incoming.type;
  }
  return { columns, changes };
}

function stripColumn(c: Column): Column {
  return { name: c.name, type: c.type, ...(c.nullable === false ? { nullable: false } : {}) };
}
