import type { RunEstimate } from '@pipe/sdk';
import type { Plan } from './plan.ts';

/** The plan as a person reads it (`pipe plan`). Deterministic, so it can be snapshot-tested. */
export function renderPlan(plan: Plan): string {
  const lines = [
    `pipeline ${plan.pipeline} (${plan.file})`,
    `source   ${plan.source}`,
    `sinks    ${plan.sinks.join(', ')}`,
    plan.fullRefresh ? 'full refresh: committed state is ignored' : '',
    plan.checkDeletes ? 'check deletes: on this run, whether due or not' : '',
    '',
    'stream'.padEnd(24) + 'sync'.padEnd(13) + 'resume'.padEnd(22) + 'write',
  ].filter((l, i) => l !== '' || i === 4);
  for (const s of plan.streams) {
    const resume = s.state === undefined ? 'from start' : `from checkpoint #${s.seq}`;
    const writes = s.sinks.map((w, i) => `${plan.sinks[i]}:${w.mode}`).join(' ');
    lines.push(s.name.padEnd(24) + s.mode.padEnd(13) + resume.padEnd(22) + writes);
  }
  return lines.join('\n');
}

/** The source's cost estimate under the plan: calls per stream and the share of today's quota. */
export function renderEstimate(e: RunEstimate): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const lines = ['estimate'.padEnd(24) + 'rows'.padStart(12) + 'API calls'.padStart(12)];
  let calls = 0;
  for (const s of e.streams) {
    calls += s.calls;
    lines.push(s.stream.padEnd(24) + (s.rows === undefined ? '?' : fmt(s.rows)).padStart(12) + fmt(s.calls).padStart(12) + (s.note ? `  ${s.note}` : ''));
  }
  lines.push('total'.padEnd(24) + ''.padStart(12) + fmt(calls).padStart(12));
  const q = e.quota;
  if (q?.remaining !== undefined) {
    const share = q.remaining > 0 ? (100 * calls) / q.remaining : Number.POSITIVE_INFINITY;
    lines.push(`daily quota: ${fmt(q.remaining)} calls left${q.limit ? ` of ${fmt(q.limit)}` : ''}; this run would use ${share === Number.POSITIVE_INFINITY ? 'more than all' : `${share.toFixed(1)} %`} of what is left`);
    if (calls > q.remaining) lines.push(`warning: the run would exceed the remaining daily quota; use --max-calls ${fmt(Math.max(1, q.remaining - 100))} or run after ${q.resetsAt ?? 'the reset'}`);
  }
  return lines.join('\n');
}
