/**
 * The HubSpot sink's writer. `prepare` checks every stream against the properties API and the
 * token's write scope before anything is written; `write` converts, sends (or, in a dry run,
 * diffs) and accounts for every record: created, updated or rejected with a reason.
 */
import type { HubSpotClient } from '@pipe/hubspot-api';
import { type Batch, ConfigError, HttpError, type PluginContext, REJECTED_RECORDS, type SchemaChange, type SinkStream, type SinkWriter, SinkError } from '@pipe/sdk';
import { fetchProperties, probeWriteScope } from './api.ts';
import type { HubSpotSinkConfig } from './config.ts';
import { type PlannedChange, describeChange, planChanges } from './dry-run.ts';
import { type PropertyDef, type StreamPlan, planError, planStream, settingsFor } from './plan.ts';
import { type OutgoingRecord, type PreparedBatch, type Reject, prepareBatch } from './records.ts';
import { type RejectLine, RejectsFile } from './rejects.ts';
import { sendRecords } from './send.ts';

/** Rejects logged one by one per stream before the log only counts them. */
const LOGGED_REJECTS = 20;

export class HubSpotWriter implements SinkWriter {
  readonly batchSize: number;
  private readonly plans = new Map<string, StreamPlan>();
  private readonly rejectsFile?: RejectsFile;
  private readonly startedAt = new Date().toISOString();
  private readonly rejected = new Map<string, number>();
  private readonly sampled = new Map<string, number>();
  /** Dry run: the writer keeps no state, so the pipeline state never advances past unwritten rows. */
  readState?: () => Promise<undefined>;
  resetState?: () => Promise<void>;

  constructor(
    private readonly client: HubSpotClient,
    private readonly config: HubSpotSinkConfig,
    private readonly ctx: PluginContext,
    private readonly where: string,
  ) {
    this.batchSize = Math.min(config.batch_size ?? 100, 100);
    if (config.rejects) this.rejectsFile = new RejectsFile(config.rejects);
    if (config.dry_run) {
      this.readState = async () => undefined;
      this.resetState = async () => undefined;
    }
  }

  async prepare(streams: SinkStream[]): Promise<SchemaChange[]> {
    const problems: string[] = [];
    const defsByObject = new Map<string, PropertyDef[]>();
    for (const stream of streams) {
      const where = `${this.where}${stream.options && Object.keys(stream.options).length > 0 ? `.streams.${stream.schema.name}` : ''}`;
      const settings = settingsFor(this.config, stream);
      if (!settings.object) {
        problems.push(`${where}: no HubSpot object for stream "${stream.schema.name}"; set \`object:\` (e.g. contacts) on the sink or under its streams.${stream.schema.name}`);
        continue;
      }
      let defs = defsByObject.get(settings.object);
      if (!defs) {
        defs = await fetchProperties(this.client, settings.object, this.where);
        if (defs.length === 0) {
          problems.push(`${where}.object: HubSpot has no object "${settings.object}" (or it has no properties)`);
          continue;
        }
        defsByObject.set(settings.object, defs);
      }
      const plan = planStream(stream, settings, defs, where);
      if (Array.isArray(plan)) problems.push(...plan);
      else this.plans.set(plan.stream, plan);
    }
    if (problems.length > 0) throw planError(problems);
    // A dry run must say now whether the real run could write.
    for (const plan of this.plans.values()) await probeWriteScope(this.client, plan, this.where);
    return [];
  }

  async write(batch: Batch): Promise<void> {
    const plan = this.plans.get(batch.stream);
    if (!plan) throw new SinkError(`${this.where}: stream "${batch.stream}" was not prepared`);
    const prepared = prepareBatch(plan, batch.rows);
    if (prepared.duplicates > 0) this.ctx.metrics.add(plan.stream, 'duplicate_keys_in_batch', prepared.duplicates);
    this.failOnInvalidOptions(plan, prepared);
    this.recordRejects(plan, this.config.dry_run ? [] : prepared.rejects);
    if (this.config.dry_run) this.countDryRunRejects(plan, prepared.rejects);
    // The engine merges small pages up to batchSize but passes larger ones whole: HubSpot takes 100 per call.
    for (let i = 0; i < prepared.records.length; i += this.batchSize) {
      const records = prepared.records.slice(i, i + this.batchSize);
      if (this.config.dry_run) await this.dryRun(plan, records);
      else await this.send(plan, records);
    }
  }

  private failOnInvalidOptions(plan: StreamPlan, prepared: PreparedBatch): void {
    if ((this.config.invalid_options ?? 'fail') !== 'fail' || prepared.badOptions.size === 0) return;
    const defs = new Map(plan.fields.map((f) => [f.property.name, f.property]));
    const lines = [...prepared.badOptions].map(([property, values]) => {
      const allowed = (defs.get(property)?.options ?? []).map((o) => o.value);
      return `${plan.object} property "${property}" has no option ${[...values].map((v) => JSON.stringify(v)).join(', ')} (allowed: ${allowed.join(', ')})`;
    });
    throw new ConfigError(`${this.where}: stream "${plan.stream}" has values HubSpot would refuse; nothing from this batch was sent:\n  - ${lines.join('\n  - ')}`, {
      hint: 'Map the values to option values in the query (CASE … END), add the options to the property in HubSpot, or set invalid_options: reject to send the other rows and collect these as rejects.',
    });
  }

  private async send(plan: StreamPlan, chunk: OutgoingRecord[]): Promise<void> {
    let records = chunk;
    if (this.config.skip_unchanged ?? true) {
      const changes = await this.currentChanges(plan, records);
      const unchanged = new Set(changes.filter((c) => c.action === 'unchanged').map((c) => c.key));
      if (unchanged.size > 0) {
        this.ctx.metrics.add(plan.stream, 'unchanged_records', unchanged.size);
        records = records.filter((r) => !unchanged.has(r.key));
      }
    }
    const out = await sendRecords(this.client, plan, records, this.where);
    this.ctx.metrics.add(plan.stream, 'created_records', out.created);
    this.ctx.metrics.add(plan.stream, 'updated_records', out.updated);
    this.recordRejects(plan, out.rejects);
  }

  /** The no-op check is an optimisation: when HubSpot refuses the read (4xx), send everything. */
  private async currentChanges(plan: StreamPlan, records: OutgoingRecord[]): Promise<PlannedChange[]> {
    try {
      return await planChanges(this.client, plan, records, this.where);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status < 400 || e.status >= 500) throw e;
      this.ctx.logger.warn(`could not read current values to skip unchanged records (HTTP ${e.status}); sending all ${records.length}`, { stream: plan.stream });
      return [];
    }
  }

  private async dryRun(plan: StreamPlan, records: OutgoingRecord[]): Promise<void> {
    const changes = await planChanges(this.client, plan, records, this.where);
    const sampleSize = this.config.dry_run_sample ?? 5;
    for (const c of changes) {
      this.ctx.metrics.add(plan.stream, c.action === 'not_found' ? 'would_reject' : `would_${c.action}`);
      const shown = this.sampled.get(plan.stream) ?? 0;
      if (c.action !== 'unchanged' && shown < sampleSize) {
        this.sampled.set(plan.stream, shown + 1);
        this.ctx.logger.info(`dry run: ${describeChange(plan, c)}`, { stream: plan.stream });
      }
    }
  }

  /** Rows pipe itself would refuse are counted, and shown, but written nowhere. */
  private countDryRunRejects(plan: StreamPlan, rejects: Reject[]): void {
    if (rejects.length === 0) return;
    this.ctx.metrics.add(plan.stream, 'would_reject', rejects.length);
    for (const r of rejects.slice(0, this.config.dry_run_sample ?? 5)) {
      this.ctx.logger.info(`dry run: would reject ${plan.idProperty}=${r.key ?? '(empty)'}: ${r.reason}`, { stream: plan.stream });
    }
  }

  private recordRejects(plan: StreamPlan, rejects: Reject[]): void {
    if (rejects.length === 0) return;
    this.ctx.metrics.add(plan.stream, REJECTED_RECORDS, rejects.length);
    for (const r of rejects) this.ctx.metrics.add(plan.stream, `rejected.${r.category}`);
    const lines: RejectLine[] = rejects.map((r) => ({ run_started_at: this.startedAt, stream: plan.stream, object: plan.object, id_property: plan.idProperty, ...r }));
    this.rejectsFile?.append(lines);
    const before = this.rejected.get(plan.stream) ?? 0;
    this.rejected.set(plan.stream, before + rejects.length);
    for (const r of rejects.slice(0, Math.max(0, LOGGED_REJECTS - before))) {
      this.ctx.logger.warn(`HubSpot ${r.by === 'pipe' ? 'record not sent' : 'rejected a record'}: ${plan.idProperty}=${r.key ?? '(empty)'}: ${r.category}: ${r.reason}`, {
        stream: plan.stream,
      });
    }
  }

  async endStream(stream: string): Promise<void> {
    const n = this.rejected.get(stream) ?? 0;
    if (n === 0) return;
    const where = this.rejectsFile ? `; every one is in ${this.rejectsFile.file}` : '; set `rejects:` on the sink to keep them in a file';
    this.ctx.logger.warn(`${n} record(s) of stream ${stream} were rejected${where}`, { stream });
  }

  async close(): Promise<void> {
    this.rejectsFile?.close();
  }
}
