import { type RunSummary, describeChange } from '@pipe/core';
import { REJECTED_RECORDS, rejectedValuesColumn } from '@pipe/sdk';

/** The run summary as GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY). */
export function summaryMarkdown(s: RunSummary): string {
  const icon = s.status === 'succeeded' ? '✅' : s.status === 'failed' ? '❌' : '⏸️';
  const lines = [
    `### ${icon} pipe run \`${s.pipeline}\`: ${s.status}`,
    '',
    `Run \`${s.runId}\`, ${s.streams.reduce((a, x) => a + x.rows, 0).toLocaleString('en-US')} rows in ${s.seconds.toFixed(1)} s.`,
    '',
    '| stream | status | rows | seconds | notes |',
    '|---|---|---:|---:|---|',
    ...s.streams.map((st) => {
      const rejected = Object.entries(st.metrics)
        .filter(([k]) => k === REJECTED_RECORDS || rejectedValuesColumn(k) !== undefined)
        .reduce((a, [, v]) => a + v, 0);
      const notes = [rejected ? `${rejected} rejected` : '', st.error ? escapeCell(st.error) : ''].filter(Boolean).join('; ');
      return `| ${st.name} | ${st.status} | ${st.rows} | ${st.seconds.toFixed(1)} | ${notes} |`;
    }),
  ];
  const changes = s.schemaChanges.flatMap((sc) => sc.changes.map((c) => `- ${sc.sink}: ${describeChange(c)}`));
  if (changes.length) lines.push('', '<details><summary>Schema changes</summary>', '', ...changes, '', '</details>');
  if (s.stoppedBy) lines.push('', `Stopped: ${escapeCell(s.stoppedBy.reason)}${s.stoppedBy.resetsAt ? ` (resets at ${s.stoppedBy.resetsAt})` : ''}`);
  return `${lines.join('\n')}\n`;
}

const escapeCell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
