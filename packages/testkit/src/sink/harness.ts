import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PipelineState, Row, SinkWriter, StreamSchema } from '@pipe/sdk';
import { createTestContext } from '../context.ts';
import { canonicalRows } from '../values.ts';
import { PIPELINE } from './fixtures.ts';
import type { SinkFactory, SinkSupports } from './types.ts';

/** What each sink case gets: the factory, a fresh location, and helpers that always close writers. */
export class SinkHarness {
  readonly location: string;

  constructor(
    readonly factory: SinkFactory,
    readonly supports: SinkSupports,
  ) {
    this.location = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-testkit-sink-'));
  }

  async open(): Promise<SinkWriter> {
    return this.factory.open(this.location, createTestContext({ baseDir: this.location, pipeline: PIPELINE }));
  }

  /** Open a writer, run `fn`, and close the writer whatever happens (as the engine does). */
  async withWriter<T>(fn: (writer: SinkWriter) => Promise<T>): Promise<T> {
    const writer = await this.open();
    try {
      return await fn(writer);
    } finally {
      await writer.close();
    }
  }

  /** The stream's rows as stored, normalized and sorted for `toEqual`. */
  async rows(schema: StreamSchema): Promise<Row[]> {
    return canonicalRows(await this.factory.readRows(this.location, schema.name), schema.columns, schema.primaryKey);
  }

  /** What `rows` must return after writing `rows` (normalized and sorted the same way). */
  expected(schema: StreamSchema, rows: Row[]): Row[] {
    return canonicalRows(rows, schema.columns, schema.primaryKey);
  }

  /** The committed state, read through a fresh writer (so it is what survives a restart). */
  async committedState(): Promise<PipelineState | undefined> {
    return this.withWriter(async (w) => {
      if (!w.readState) throw new Error('sink has no readState(); pass supports: { readState: false } to testSink');
      return w.readState();
    });
  }

  cleanup(): void {
    fs.rmSync(this.location, { recursive: true, force: true });
  }
}

/** Streams with no state entry may be reported either way: undefined, or a state without streams. */
export function streamsOf(state: PipelineState | undefined): PipelineState['streams'] {
  return state?.streams ?? {};
}
