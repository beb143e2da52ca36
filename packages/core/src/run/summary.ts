import { HTTP_429, REJECTED_RECORDS, RETRIES, type SchemaChange, apiCallsIn, rejectedValuesColumn } from '@pipe/sdk';

export type StreamStatus = 'succeeded' | 'failed' | 'interrupted' | 'skipped';

export interface StreamSummary {
  name: string;
  status: StreamStatus;
  rows: number;
  batches: number;
  seconds: number;
  error?: string;
  hint?: string;
  /** Plugin-reported counters (API calls, retries, rejected values…). */
  metrics: Record<string, number>;
}

export interface RunSummary {
  runId: string;
  pipeline: string;
  status: 'succeeded' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string;
  seconds: number;
  streams: StreamSummary[];
  schemaChanges: { sink: string; changes: SchemaChange[] }[];
  /** Set when a quota (HubSpot DAILY) stopped the run. */
  stoppedBy?: { reason: string; resetsAt?: string };
}

/** Events for progress displays; one per stream start/end and per written batch. */
export type RunEvent =
  | { type: 'stream_start'; stream: string; resumed: boolean }
  | { type: 'batch'; stream: string; rows: number; totalRows: number; batches: number }
  | { type: 'stream_end'; stream: string; summary: StreamSummary }
  | { type: 'schema_change'; sink: string; change: SchemaChange };

/** Records a destination refused (e.g. HubSpot 207 errors); the run's exit status reports them. */
export function rejectedRecords(s: RunSummary): number {
  return s.streams.reduce((n, st) => n + (st.metrics[REJECTED_RECORDS] ?? 0), 0);
}

/** The run summary as a plain-text table. */
export function renderSummary(s: RunSummary): string {
  const head = ['stream', 'status', 'rows', 'batches', 'seconds', 'notes'];
  const rows = s.streams.map((st) => [
    st.name,
    st.status,
    String(st.rows),
    String(st.batches),
    st.seconds.toFixed(1),
    noteFor(st),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  const total = s.streams.reduce((a, st) => a + st.rows, 0);
  lines.push('', `run ${s.runId} ${s.status}: ${total} rows in ${s.seconds.toFixed(1)} s`);
  for (const sc of s.schemaChanges) {
    const created = sc.changes.filter((c) => c.kind === 'create').map((c) => c.stream);
    if (created.length) lines.push(`${sc.sink}: created ${created.join(', ')}`);
    for (const c of sc.changes.filter((c) => c.kind !== 'create')) lines.push(`${sc.sink}: ${describeChange(c)}`);
  }
  if (s.stoppedBy) lines.push(`stopped: ${s.stoppedBy.reason}${s.stoppedBy.resetsAt ? ` (resets at ${s.stoppedBy.resetsAt})` : ''}`);
  for (const st of s.streams) if (st.error) lines.push(`${st.name}: ${st.error}${st.hint ? `\n  → ${st.hint}` : ''}`);
  return lines.join('\n');
}

function noteFor(st: StreamSummary): string {
  const notes: string[] = [];
  const rejected = Object.entries(st.metrics)
    .filter(([k]) => rejectedValuesColumn(k) !== undefined)
    .reduce((a, [, v]) => a + v, 0);
  if (rejected) notes.push(`${rejected} rejected values`);
  const m = st.metrics;
  if (m[REJECTED_RECORDS]) notes.push(`${m[REJECTED_RECORDS]} records rejected by the destination`);
  const calls = apiCallsIn(m);
  if (calls) notes.push(`${calls} API calls`);
  if (m[HTTP_429]) notes.push(`${m[HTTP_429]} × 429`);
  if (m[RETRIES]) notes.push(`${m[RETRIES]} retries`);
  return notes.join(', ');
}

export function describeChange(c: SchemaChange): string {
  const what = c.column ? `${c.stream}.${c.column}` : c.stream;
  if (c.kind === 'create') return `created ${what}`;
  if (c.kind === 'add_column') return `added column ${what}${c.to ? ` ${c.to}` : ''}`;
  if (c.kind === 'widen') return `widened ${what} from ${c.from} to ${c.to}`;
  return `${what}: ${c.detail ?? c.kind}`;
}
