import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { type PipelineState, PIPELINE_STATE_VERSION, type Row, type SinkStream, type StreamSchema, silentLogger } from '@pipe/sdk';
import { query } from './support/query.ts';
import { type ParquetConfig, resolveConfig } from '../src/config.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { ParquetSinkWriter } from '../src/writer.ts';

const created: string[] = [];
// Registered when a test file imports this module: its temp folders go when the file is done.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the test file. */
export function tempDir(prefix = 'pipe-parquet-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function openWriter(config: Partial<ParquetConfig> & { dir: string }): Promise<ParquetSinkWriter> {
  const resolved = resolveConfig({ s3: { region: '', endpoint: '', force_path_style: true }, ...config });
  return ParquetSinkWriter.open(resolved, await openStorage(resolved), silentLogger);
}

export function sinkStream(schema: StreamSchema, mode: SinkStream['mode'] = 'append', options: Record<string, unknown> = {}): SinkStream {
  return { schema, mode, options };
}

export function stateAt(checkpoints: Record<string, unknown>, seq = 1): PipelineState {
  const streams: PipelineState['streams'] = {};
  for (const [k, v] of Object.entries(checkpoints)) streams[k] = { checkpoint: v as never, seq, updatedAt: '2026-01-01T00:00:00.000Z' };
  return { version: PIPELINE_STATE_VERSION, pipeline: 'test', streams };
}

export { query } from './support/query.ts';

/** Rows of a stream as the generated views show them (latest per key for keyed streams). */
export async function viewRows(dir: string, view: string, orderBy = '1'): Promise<Row[]> {
  const views = fs.readFileSync(path.join(dir, '_pipe', 'views.sql'), 'utf8');
  return query(`${views}\nSELECT * FROM "${view}" ORDER BY ${orderBy}`);
}

export function readManifestFile(dir: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, '_pipe', 'manifest.json'), 'utf8'));
}

/** Every file under dir (relative, sorted), skipping the lock. */
export function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f !== '_pipe/lock')
    .sort();
}
