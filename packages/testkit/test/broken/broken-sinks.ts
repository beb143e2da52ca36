import type { Row, SinkWriter } from '@pipe/sdk';
import { createMemoryStorage, type MemoryStorage, MemorySinkWriter, type SinkFactory } from '../../src/index.ts';

/**
 * Sinks with one classic bug each, built by wrapping the (correct) memory sink. The
 * suite must fail each of them on the case named in `expectedFailure`.
 */

const stores = new Map<string, MemoryStorage>();
const storageAt = (location: string) => {
  let s = stores.get(location);
  if (!s) stores.set(location, (s = createMemoryStorage()));
  return s;
};

function delegate(inner: SinkWriter, overrides: Partial<SinkWriter>): SinkWriter {
  return {
    batchSize: inner.batchSize,
    prepare: (s) => inner.prepare(s),
    write: (b, st) => inner.write(b, st),
    endStream: (s, st) => inner.endStream!(s, st),
    readState: () => inner.readState!(),
    resetState: (s) => inner.resetState!(s),
    recordRun: (r) => inner.recordRun!(r),
    close: () => inner.close(),
    ...overrides,
  };
}

function brokenSink(wrap: (inner: SinkWriter, location: string) => Partial<SinkWriter>): SinkFactory {
  return {
    open: async (location) => {
      const inner = new MemorySinkWriter(storageAt(location), { batchSize: 100 });
      return delegate(inner, wrap(inner, location));
    },
    readRows: async (location, stream) => storageAt(location).load().tables[stream]?.rows ?? [],
  };
}

const firstSchemas = new Map<string, Set<string>>();

export const BROKEN_SINKS: { name: string; expectedFailure: string; factory: SinkFactory }[] = [
  {
    name: 'writes row by row (partial batches visible, state advanced early)',
    expectedFailure: 'a write that fails midway leaves the rows and the state as they were before it',
    factory: brokenSink((inner) => ({
      write: async (batch, state) => {
        for (const row of batch.rows) await inner.write({ ...batch, rows: [row] }, state);
      },
    })),
  },
  {
    name: 'stores the whole state document with each write',
    expectedFailure: "an unfinished replace's checkpoint does not become committed through another stream's write",
    factory: brokenSink((inner, location) => ({
      write: async (batch, state) => {
        await inner.write(batch, state);
        const storage = storageAt(location);
        storage.save({ ...storage.load(), state: structuredClone(state) });
      },
    })),
  },
  {
    name: 'merges on the first key column only',
    expectedFailure: 'merge: a composite primary key matches on every key column',
    factory: brokenSink((inner) => ({
      prepare: (streams) => inner.prepare(streams.map((s) => ({ ...s, schema: { ...s.schema, primaryKey: s.schema.primaryKey.slice(0, 1) } }))),
    })),
  },
  {
    name: 'replaces eagerly (new rows visible before endStream)',
    expectedFailure: 'replace: new rows replace the old ones only at endStream',
    factory: brokenSink((inner) => ({
      prepare: (streams) => inner.prepare(streams.map((s) => (s.mode === 'replace' ? { ...s, mode: 'append' } : s))),
    })),
  },
  {
    name: 'drops milliseconds from timestamps',
    expectedFailure: 'keeps every logical type exactly',
    factory: brokenSink((inner) => ({
      write: (batch, state) => {
        const rows = batch.rows.map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? new Date(Math.floor(v.getTime() / 1000) * 1000) : v])),
        );
        return inner.write({ ...batch, rows }, state);
      },
    })),
  },
  {
    name: 'deduplicates in append mode',
    expectedFailure: 'append keeps every row, repeated primary keys included',
    factory: brokenSink((inner) => ({
      prepare: (streams) => inner.prepare(streams.map((s) => (s.mode === 'append' ? { ...s, mode: 'merge' } : s))),
    })),
  },
  {
    name: 'reports a change on every prepare',
    expectedFailure: 'prepare is idempotent',
    factory: brokenSink((inner) => ({
      prepare: async (streams) => [...(await inner.prepare(streams)), ...streams.map((s) => ({ stream: s.schema.name, kind: 'other' as const }))],
    })),
  },
  {
    name: 'ignores columns added after the first prepare',
    expectedFailure: 'schema evolution: a column added in a later prepare appears',
    factory: brokenSink((inner, location) => {
      const known = (stream: string) => firstSchemas.get(`${location}/${stream}`);
      return {
        prepare: (streams) =>
          inner.prepare(
            streams.map((s) => {
              const key = `${location}/${s.schema.name}`;
              if (!firstSchemas.has(key)) firstSchemas.set(key, new Set(s.schema.columns.map((c) => c.name)));
              const cols = known(s.schema.name)!;
              return { ...s, schema: { ...s.schema, columns: s.schema.columns.filter((c) => cols.has(c.name)) } };
            }),
          ),
        write: (batch, state) => {
          const cols = known(batch.stream)!;
          const rows = batch.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => cols.has(k))) as Row);
          return inner.write({ ...batch, rows }, state);
        },
      };
    }),
  },
];
