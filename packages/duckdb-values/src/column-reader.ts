/** Copies the raw values of rows[start, start+count) into one array per column (`out[c]`, length count). */
export type ColumnReader = (rows: readonly Record<string, unknown>[], start: number, count: number, out: unknown[][]) => void;

/**
 * Compile a reader for one set of column names. Reading `row[name]` with a different
 * `name` at one call site is a slow, megamorphic property lookup; generated code reads each
 * column with its own constant key, which V8 turns into a fast property load
 * (bench/sink-duckdb/load.ts and bench/sink-parquet/write.ts measure the whole path).
 * Names enter the code only as JSON string literals. Values are copied as they are
 * (undefined included): converting and checking them is vector-fill.ts's job, so errors
 * still name the row and column.
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
    // Names the generated code in CPU profiles (bench/engine/width.ts attributes it to vector fill).
    '//# sourceURL=pipe-column-reader',
  ];
  return new Function(lines.join('\n'))() as ColumnReader;
}
