// Drives the HubSpot sink the way the engine does (open → prepare → write… → endStream → close)
// against the simulator, with lead-score properties added to contacts.
import { type SimOptions, type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { type Column, type PluginContext, type Row, type SinkStream, createLogger, createMetrics } from '@pipe/sdk';
import { Value } from '@sinclair/typebox/value';
import plugin, { type HubSpotSinkConfig } from '../../src/index.ts';

export const READ_ONLY_TOKEN = 'pat-na1-fake-read-only-1111-111111111111';

export async function startSim(opts: SimOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    port: 0,
    seed: 9,
    counts: { contacts: 40, companies: 10 },
    customProperties: 2,
    rateLimits: false,
    tokens: { [READ_ONLY_TOKEN]: { scopes: ['crm.objects.contacts.read', 'crm.objects.companies.read'] } },
    ...opts,
  });
  sim.control.addProperty('contacts', { name: 'pipe_lead_score', type: 'number' });
  sim.control.addProperty('contacts', {
    name: 'lead_grade',
    type: 'enumeration',
    fieldType: 'select',
    options: ['A', 'B', 'C'].map((v) => ({ label: `Grade ${v}`, value: v })),
  });
  sim.control.addProperty('contacts', {
    name: 'lead_tags',
    type: 'enumeration',
    fieldType: 'checkbox',
    options: ['red', 'green', 'blue'].map((v) => ({ label: v, value: v })),
  });
  sim.control.addProperty('contacts', { name: 'score_date', type: 'date' });
  sim.control.addProperty('contacts', { name: 'is_hot', type: 'bool', fieldType: 'booleancheckbox' });
  sim.control.addProperty('contacts', { name: 'last_scored_at', type: 'datetime' });
  return sim;
}

export const LEAD_COLUMNS: Column[] = [
  { name: 'email', type: 'string', nullable: false },
  { name: 'score', type: 'number' },
  { name: 'grade', type: 'string' },
  { name: 'tags', type: 'string[]' },
  { name: 'scored_on', type: 'date' },
  { name: 'hot', type: 'boolean' },
  { name: 'scored_at', type: 'timestamp' },
];

export const LEAD_MAPPING = {
  score: 'pipe_lead_score',
  grade: 'lead_grade',
  tags: 'lead_tags',
  scored_on: 'score_date',
  hot: 'is_hot',
  scored_at: 'last_scored_at',
};

export function leadStream(columns: Column[] = LEAD_COLUMNS, options: Record<string, unknown> = {}, name = 'lead_scores'): SinkStream {
  return { schema: { name, primaryKey: [columns[0]!.name], columns }, mode: 'merge', options };
}

export function makeConfig(sim: Simulator, extra: Partial<HubSpotSinkConfig> = {}): HubSpotSinkConfig {
  return Value.Default(plugin.config, {
    token: sim.token,
    base_url: sim.url,
    retry_base_ms: 10,
    object: 'contacts',
    id_property: 'email',
    mapping: LEAD_MAPPING,
    ...extra,
  }) as HubSpotSinkConfig;
}

export interface Opened {
  writer: Awaited<ReturnType<typeof plugin.open>>;
  ctx: PluginContext;
  logs: string[];
}

export async function openSink(config: HubSpotSinkConfig): Promise<Opened> {
  const logs: string[] = [];
  const ctx: PluginContext = {
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    signal: new AbortController().signal,
    baseDir: '.',
    pipeline: 'lead_score',
    metrics: createMetrics(),
  };
  return { writer: await plugin.open(config, ctx), ctx, logs };
}

/** One whole run: prepare, write the rows in batches, end the stream, close. */
export async function runSink(config: HubSpotSinkConfig, rows: Row[], stream = leadStream(), batchRows = 100): Promise<Opened> {
  const opened = await openSink(config);
  try {
    await opened.writer.prepare([stream]);
    for (let i = 0; i < rows.length; i += batchRows) {
      await opened.writer.write({ stream: stream.schema.name, rows: rows.slice(i, i + batchRows) }, { version: 1, pipeline: 'lead_score', streams: {} });
    }
    await opened.writer.endStream?.(stream.schema.name, { version: 1, pipeline: 'lead_score', streams: {} });
  } finally {
    await opened.writer.close();
  }
  return opened;
}

export function contactsByEmail(sim: Simulator): Map<string, Record<string, string | null>> {
  return new Map(sim.control.truth('contacts').map((r) => [String(r.properties.email).toLowerCase(), { ...r.properties, id: r.id }]));
}

export const writeCalls = (sim: Simulator) =>
  Object.entries(sim.control.stats().byRoute)
    .filter(([route]) => /batch\.(upsert|update|create)|objects\.(create|update)/.test(route))
    .reduce((n, [, c]) => n + c, 0);
