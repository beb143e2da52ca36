import type { Row } from '@pipe/sdk';

/** Copies the raw values of rows[start, start+count) into one array per column (`out[c]`, length count). */
export type ColumnReader = (rows: readonly Row[], start: number, count: number, out: unknown[][]) => void;

/**
 * Compile a reader for one set of column names. Reading `row[name]` with a different
 * `name` at one call site is a megamorphic lookup (~100 ns a value on this machine: 2 s
 * of a 1M × 20 write); generated code reads each column with its own constant key, which
 * V8 turns into a fast property load. Names enter the code only as JSON string literals.
 * Values are copied as they are (undefined included): converting and checking them is
 * vector-fill.ts's job, so errors still name the row and column.
 *
 * The same trick is sink-duckdb's compileColumnSplitter (which also converts); the two
 * belong in one shared place.
 */
export function compileColumnReader(names: readonly string[]): ColumnReader {
  const lines = [
    'return function read(rows, start, count, out) {',
    ...names.map((_, c) => `  const o${c} = out[${c}];`),
    '  for (let i = 0; i < count; i++) {',
    '    const r = rows[start + i];',
    ...names.map((name, c) => `    o${c}[i] = r[${JSON.stringify(name)}];`),
    '  }',
    '};',
  ];
  return new Function(lines.join('\n'))() as ColumnReader;
}
