import { type Batch, ConfigError, type HttpRequest, type HttpResponse, type StreamRequest, type StreamSchema } from '@pipe/sdk';
import type { EndpointConfig } from './config.ts';
import { firstStep } from './pagination.ts';
import { recordsOf, toRow } from './records.ts';

export type Fetch = (req: HttpRequest, endpoint: string) => Promise<HttpResponse>;

/** The stream an endpoint offers: its declared columns, key, and sync modes its pagination allows. */
export function endpointSchema(e: EndpointConfig): StreamSchema {
  const missing = e.primary_key.filter((k) => !e.columns.some((c) => c.name === k));
  if (missing.length) {
    throw new ConfigError(`endpoint "${e.name}": primary_key ${missing.map((k) => `"${k}"`).join(', ')} is not among its columns`, {
      hint: `add ${missing.map((k) => `{ name: ${k}, type: string }`).join(', ')} to endpoints[].columns, or fix primary_key`,
    });
  }
  const paged = (e.pagination?.type ?? 'none') !== 'none';
  return {
    name: e.name,
    description: `GET ${e.path}`,
    primaryKey: e.primary_key,
    columns: e.columns.map((c) => ({ name: c.name, type: c.type, nullable: !e.primary_key.includes(c.name) })),
    // Incremental = resume the pagination where the last run stopped (append-style APIs).
    syncModes: paged ? ['incremental', 'full'] : ['full'],
  };
}

/** Pages of one endpoint as batches, each carrying the checkpoint to resume after it. */
export async function* readEndpoint(e: EndpointConfig, req: StreamRequest, fetch: Fetch, signal: AbortSignal): AsyncGenerator<Batch> {
  const columns = req.schema.columns;
  let step: ReturnType<typeof firstStep> | undefined = firstStep(e.pagination ?? { type: 'none' }, req.mode === 'incremental' ? req.state : undefined);
  while (step && !signal.aborted) {
    const res = await fetch({ method: 'GET', url: e.path, params: { ...(e.params ?? {}), ...step.params }, kind: e.name }, e.name);
    const records = recordsOf(res.data, e.records_path ?? '');
    if (typeof records === 'string') {
      throw new ConfigError(`endpoint "${e.name}": ${res.url}: ${records}`, { hint: 'set endpoints[].records_path to the dot path of the records array' });
    }
    const rows = records.map((r) => toRow(r, columns));
    for (const [i, row] of rows.entries()) {
      const nullKey = e.primary_key.find((k) => row[k] === null);
      if (nullKey) throw new ConfigError(`endpoint "${e.name}": record ${i} of ${res.url} has no "${nullKey}" (a primary_key column)`);
    }
    const { checkpoint, next } = step.after(res.data, records.length);
    yield checkpoint === undefined ? { stream: e.name, rows } : { stream: e.name, rows, checkpoint };
    step = next;
  }
}
