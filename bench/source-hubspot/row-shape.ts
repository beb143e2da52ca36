/**
 * Why recordToRow builds rows from a compiled object literal (packages/source-hubspot/src/typing.ts):
 * heap per row and time to build 100,000 rows, by assigning computed keys one by one (the obvious
 * loop, which V8 turns into a hash table past 12 added properties) against the compiled literal
 * pipe uses now, at 28 fields (20 HubSpot properties) and 178 (every property of a portal with 150
 * custom ones). Also the time to read every column back, as a sink does.
 *
 *   pnpm exec tsx --expose-gc bench/source-hubspot/row-shape.ts
 */
import { recordToRow, typedProperties } from '../../packages/source-hubspot/src/typing.ts';

const N = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc: heap per row is measured after a full collection');

for (const width of [28, 178]) {
  const props = typedProperties(Array.from({ length: width - 8 }, (_, i) => ({ name: `prop_${i}`, type: 'string' })));
  const properties = Object.fromEntries(props.map((p, i) => [p.name, `value ${i}`]));
  const rec = { id: '1', properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' };
  // The loop recordToRow used until 2026-12-06.
  const keyed = (): Record<string, unknown> => {
    const row: Record<string, unknown> = { id: rec.id, created_at: new Date(rec.createdAt), updated_at: new Date(rec.updatedAt), archived: false, archived_at: null, merged_into: null, deleted_at: null };
    for (const p of props) row[p.column] = properties[p.name] ?? null;
    row._rejected = null;
    return row;
  };
  const compiled = () => recordToRow(rec, props, () => {});
  for (const [name, make] of [['computed keys one by one', keyed], ['compiled literal (pipe)', compiled]] as const) {
    for (let w = 0; w < 3; w++) for (let i = 0; i < 20_000; i++) make();
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < N; i++) rows.push(make());
    const buildMs = performance.now() - t0;
    gc();
    const bytes = (process.memoryUsage().heapUsed - before) / N;
    const t1 = performance.now();
    let cells = 0;
    for (const row of rows) for (const p of props) if (row[p.column] !== undefined) cells++;
    const readMs = performance.now() - t1;
    console.log(`${width} fields, ${name}: ${Math.round(bytes)} bytes/row, build ${Math.round(buildMs)} ms, read ${Math.round(readMs)} ms per ${N.toLocaleString('en-US')} rows (${cells} cells)`);
  }
}
