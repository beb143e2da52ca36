import { expect, it } from 'vitest';
import { createTestContext } from '../context.ts';
import { consumeWithin, keysOf, readAll, request, resumePoints, selectStreams, withConnection } from './harness.ts';
import { rowProblems, schemaProblems } from './schema-checks.ts';
import type { SourceFactory, SourceSuiteOptions } from './types.ts';

const MAX_PROBLEMS = 20;

export function registerSourceCases(factory: SourceFactory, options: SourceSuiteOptions): void {
  const limitMs = options.abortWithinMs ?? 5000;
  const allowed = options.batchesAfterAbort ?? 1;

  it('discover returns well-formed, stable schemas: unique names, valid column types, key and cursor columns that exist', async () => {
    await withConnection(factory, async (c) => {
      const schemas = await c.discover();
      expect(schemaProblems(schemas)).toEqual([]);
      selectStreams(factory, schemas); // every stream the factory names is discovered
      expect(await c.discover(), 'a second discover() on the same connection returns the same schemas').toEqual(schemas);
    });
  });

  it('every row has its primary key and only declared columns, with values of the declared types', async () => {
    await withConnection(factory, async (c) => {
      const problems: string[] = [];
      for (const { schema, options: opts } of selectStreams(factory, await c.discover())) {
        const batches = await readAll(c, request(schema, opts));
        for (const [b, batch] of batches.entries()) {
          if (batch.stream !== schema.name) problems.push(`stream "${schema.name}", batch ${b}: batch.stream is "${batch.stream}"`);
          for (const [r, row] of batch.rows.entries()) {
            for (const p of rowProblems(row, schema)) problems.push(`stream "${schema.name}", batch ${b}, row ${r}: ${p}`);
          }
        }
      }
      expect(problems.slice(0, MAX_PROBLEMS)).toEqual([]);
    });
  });

  it('checkpoints are JSON, and resuming from any of them yields every row after it (no key lost)', async () => {
    await withConnection(factory, async (c) => {
      for (const { schema, options: opts } of selectStreams(factory, await c.discover())) {
        const full = await readAll(c, request(schema, opts));
        const allKeys = keysOf(full, schema);
        for (const [i, batch] of full.entries()) {
          if (batch.checkpoint === undefined) continue;
          expect(JSON.parse(JSON.stringify(batch.checkpoint)), `stream "${schema.name}", batch ${i}: checkpoint must survive JSON`).toEqual(
            batch.checkpoint,
          );
        }
        if (request(schema, opts).mode !== 'incremental') continue;
        const points = resumePoints(full, options.resumePoints ?? 3);
        for (const at of points) {
          const saved = JSON.parse(JSON.stringify(full[at]!.checkpoint)); // as a state file would keep it
          const resumed = await readAll(c, request(schema, opts, saved));
          const covered = new Set([...keysOf(full.slice(0, at + 1), schema), ...keysOf(resumed, schema)]);
          const missing = [...allKeys].filter((k) => !covered.has(k));
          expect(missing.slice(0, MAX_PROBLEMS), `stream "${schema.name}": keys lost when resuming from the checkpoint of batch ${at}`).toEqual([]);
          if (at === points.at(-1) && at > 0 && (options.resumeSkipsRows ?? true)) {
            const rows = (bs: typeof full) => bs.reduce((n, b) => n + b.rows.length, 0);
            expect(rows(resumed), `stream "${schema.name}": resuming from the last checkpoint re-read every row; does read() ignore \`state\`?`).toBeLessThan(rows(full));
          }
        }
      }
    });
  });

  it('check, when implemented, reports ok with details', async () => {
    await withConnection(factory, async (c) => {
      if (!c.check) return; // optional method
      const streams = selectStreams(factory, await c.discover()).map(({ schema, options: opts }) => request(schema, opts));
      const result = await c.check(streams);
      expect(Array.isArray(result.details), 'check().details must be an array').toBe(true);
      expect(result.ok, `check() failed against the test setup: ${JSON.stringify(result.details)}`).toBe(true);
    });
  });

  it('a second full read yields the same set of keys', async () => {
    await withConnection(factory, async (c) => {
      for (const { schema, options: opts } of selectStreams(factory, await c.discover())) {
        const first = [...keysOf(await readAll(c, request(schema, opts)), schema)].sort();
        const second = [...keysOf(await readAll(c, request(schema, opts)), schema)].sort();
        expect(second, `stream "${schema.name}"`).toEqual(first);
      }
    });
  });

  it('honours an aborted signal: a read stops soon after the abort', async () => {
    const controller = new AbortController();
    await withConnection(
      factory,
      async (c) => {
        const { schema, options: opts } = selectStreams(factory, await c.discover())[0]!;
        let afterAbort = 0;
        const outcome = await consumeWithin(c.read(request(schema, opts)), limitMs, () => {
          if (controller.signal.aborted) afterAbort += 1;
          else controller.abort(new Error('testkit: aborted after the first batch'));
        });
        expect(outcome, `the read of "${schema.name}" must end within ${limitMs} ms of the abort`).toBe('stopped');
        expect(afterAbort, `batches yielded after the abort of "${schema.name}"`).toBeLessThanOrEqual(allowed);
      },
      createTestContext({ signal: controller.signal }),
    );
  });

  it('a read started with an already aborted signal yields at most one batch and ends', async () => {
    const controller = new AbortController();
    await withConnection(
      factory,
      async (c) => {
        const { schema, options: opts } = selectStreams(factory, await c.discover())[0]!;
        controller.abort(new Error('testkit: aborted before the read'));
        let batches = 0;
        const outcome = await consumeWithin(c.read(request(schema, opts)), limitMs, () => {
          batches += 1;
        });
        expect(outcome, `the read of "${schema.name}" must end within ${limitMs} ms`).toBe('stopped');
        expect(batches, `batches yielded for "${schema.name}" although the signal was already aborted`).toBeLessThanOrEqual(allowed);
      },
      createTestContext({ signal: controller.signal }),
    );
  });
}
