import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  type PipelineState,
  type PluginContext,
  type SinkStream,
  type SinkWriter,
  type StreamSchema,
  type WriteMode,
  createMetrics,
  silentLogger,
} from '@pipe/sdk';
import duckdb, { type DuckDBConfig } from '../src/index.ts';

export const PIPELINE = 'crm';

export function context(pipeline = PIPELINE): PluginContext {
  return { logger: silentLogger, signal: new AbortController().signal, baseDir: os.tmpdir(), pipeline, metrics: createMetrics() };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-duckdb-test-'));
}

export async function openSink(file: string, config: Partial<DuckDBConfig> = {}): Promise<SinkWriter> {
  return duckdb.open({ path: file, ...config }, context());
}

/** Open, run `fn`, always close (as the engine does). */
export async function withSink<T>(file: string, fn: (w: SinkWriter) => Promise<T>, config: Partial<DuckDBConfig> = {}): Promise<T> {
  const w = await openSink(file, config);
  try {
    return await fn(w);
  } finally {
    await w.close();
  }
}

export function stream(schema: StreamSchema, mode: WriteMode, options: Record<string, unknown> = {}): SinkStream {
  return { schema, mode, options };
}

export const contacts: StreamSchema = {
  name: 'contacts',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'email', type: 'string' },
    { name: 'score', type: 'number' },
    { name: 'active', type: 'boolean' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'birthday', type: 'date' },
    { name: 'tags', type: 'string[]' },
    { name: 'props', type: 'json' },
  ],
};

export function contactRow(id: number, version = 1) {
  return {
    id,
    email: `c${id}@example.com`,
    score: id * 1.5 + version,
    active: id % 2 === 0,
    updated_at: new Date(Date.UTC(2024, 0, 1, 0, 0, id + version)),
    birthday: '1990-05-17',
    tags: ['a', `v${version}`],
    props: { nested: { id, version }, list: [1, 2] },
  };
}

export function stateWith(checkpoints: Record<string, unknown>, seq = 1): PipelineState {
  return {
    version: 1,
    pipeline: PIPELINE,
    streams: Object.fromEntries(
      Object.entries(checkpoints).map(([name, checkpoint]) => [name, { checkpoint: checkpoint as never, seq, updatedAt: '2024-01-01T00:00:00.000Z' }]),
    ),
  };
}

/** Query the file with a fresh instance (no writer may be open), rows as JSON-safe objects. */
export async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
