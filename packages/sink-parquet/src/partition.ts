import type { Column, Row } from '@pipe/sdk';
import { toDays, toMicros, ValueError } from '@pipe/duckdb-values';
import type { PartitionSpec } from './config.ts';

/** The folder value Hive, Spark and DuckDB read as NULL. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** A partitioning resolved against a stream's columns. */
export interface Partitioning {
  /** Folder key, e.g. `updated_month`. */
  name: string;
  column: Column;
  transform: PartitionSpec['transform'];
  /** identity: the column lives in the folder name only (Hive convention; Spark rejects it in both places). */
  dropsColumn: boolean;
}

export function resolvePartitioning(stream: string, spec: PartitionSpec | null | undefined, columns: Column[]): Partitioning | undefined {
  if (!spec) return undefined;
  const column = columns.find((c) => c.name === spec.column);
  const where = `parquet sink, stream "${stream}", partition_by`;
  if (!column) {
    throw new ValueError(`${where}: column "${spec.column}" does not exist; columns are ${columns.map((c) => c.name).join(', ')}`);
  }
  const transform = spec.transform ?? 'identity';
  if (transform !== 'identity' && column.type !== 'timestamp' && column.type !== 'date') {
    throw new ValueError(`${where}: ${transform} needs a timestamp or date column, but "${column.name}" is ${column.type}`);
  }
  if (transform === 'identity' && (column.type === 'json' || column.type === 'string[]' || column.type === 'number')) {
    throw new ValueError(`${where}: cannot partition by the ${column.type} column "${column.name}"; use a string, integer, boolean or date column`);
  }
  const name = spec.name ?? (transform === 'identity' ? column.name : `${column.name}_${transform}`);
  return { name, column, transform, dropsColumn: transform === 'identity' && name === column.name };
}

const LENGTH = { year: 4, month: 7, day: 10 } as const;

/** The partition value of one row, as it appears in the folder name (unescaped). */
export function partitionValue(p: Partitioning, row: Row): string {
  const v = row[p.column.name];
  if (v === null || v === undefined) return NULL_PARTITION;
  if (p.transform === 'identity') {
    if (p.column.type === 'date') return new Date(toDays(v) * 86_400_000).toISOString().slice(0, 10);
    if (p.column.type === 'timestamp') return new Date(epochMs(v)).toISOString();
    return String(v);
  }
  const ms = p.column.type === 'date' ? toDays(v) * 86_400_000 : epochMs(v);
  return new Date(ms).toISOString().slice(0, LENGTH[p.transform]);
}

/** The instant's millisecond (a partition folder never needs the microseconds). */
function epochMs(v: unknown): number {
  return Math.floor(Number(toMicros(v)) / 1000);
}

/**
 * `name=value`, escaped the way Hive escapes partition paths (%XX for characters that
 * are unsafe in a path or an object key), so every reader decodes the same value.
 */
export function partitionFolder(name: string, value: string): string {
  return `${escapePathPart(name)}=${value === NULL_PARTITION ? value : escapePathPart(value)}`;
}

const UNSAFE = new Set('"#%\'*/:=?\\{[]^');

function escapePathPart(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f || UNSAFE.has(c) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return out;
}
