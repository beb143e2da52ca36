import type { Plan } from './plan.ts';

/** The plan as a person reads it (`pipe plan`). Deterministic, so it can be snapshot-tested. */
export function renderPlan(plan: Plan): string {
  const lines = [
    `pipeline ${plan.pipeline} (${plan.file})`,
    `source   ${plan.source}`,
    `sinks    ${plan.sinks.join(', ')}`,
    plan.fullRefresh ? 'full refresh: committed state is ignored' : '',
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
