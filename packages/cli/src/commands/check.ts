import { createMetrics } from '@pipe/sdk';
import { openSession } from '@pipe/core';
import { EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/** `pipe check`: can each plugin connect? The source reports account, quota and scopes. */
/** `scopes`: the `--scopes` text, passed to the source as given (it knows how its scope names are written). */
export async function checkCommand(file: string, opts: GlobalOptions, scopes?: string): Promise<number> {
  const config = await loadPipeline(file, opts);
  const session = await openSession(config, { logger: makeLogger(opts), metrics: createMetrics(), signal: new AbortController().signal });
  let ok = true;
  const lines: string[] = [];
  try {
    const catalog = await session.discover();
    const selected = config.source.streams ?? Object.fromEntries(catalog.map((s) => [s.name, {}]));
    const requests = catalog
      .filter((s) => s.name in selected)
      .map((schema) => ({ schema, options: selected[schema.name] ?? {}, mode: schema.syncModes?.[0] ?? 'full', state: undefined }));
    if (session.source.check) {
      const res = await session.source.check(requests, scopes === undefined ? undefined : { scopes: [scopes] });
      ok &&= res.ok;
      lines.push(`source ${config.source.ref}: ${res.ok ? 'ok' : 'FAILED'}`);
      for (const d of res.details) lines.push(`  ${d.ok === false ? '✗' : d.ok ? '✓' : ' '} ${d.label}: ${d.value}`);
    } else {
      lines.push(`source ${config.source.ref}: ok (${catalog.length} streams discovered)`);
    }
    for (const s of session.sinks) lines.push(`sink ${s.ref}: ok (opened${s.initialState ? ', has committed state' : ''})`);
  } finally {
    await session.close();
  }
  process.stdout.write(opts.json ? `${JSON.stringify({ ok, lines })}\n` : `${lines.join('\n')}\n`);
  return ok ? EXIT.ok : EXIT.failed;
}
