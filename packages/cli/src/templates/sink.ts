import type { PluginNames } from './names.ts';

/**
 * A minimal sink that passes `testSink` (merge, append, readState, schema evolution): one
 * JSON file holding every stream's rows and the state, replaced atomically on each write.
 */
export function sinkPlugin(n: PluginNames): string {
  return `import fs from 'node:fs';
import { type PipelineState, type Row, SDK_VERSION, type SchemaChange, type SinkStream, SinkError, Type, ValueError, canonicalValue, defineSink, pathField, writeFileAtomic } from '@pipe/sdk';

/**
 * ${n.name}: a pipe sink. Declare the config once (below): pipe validates pipeline files
 * against it and \`pnpm docs\` documents it.
 */
export const config = Type.Object({
  path: pathField({ description: 'JSON file holding the rows and the state (relative to the pipeline file).' }),
});

/** What the file holds. TODO: replace the file with your warehouse or API. */
interface Stored {
  streams: Record<string, { columns: string[]; rows: Row[] }>;
  state?: PipelineState;
}

// Dates become ISO strings; integers beyond 2^53 (bigint) become strings.
const toJson = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

export function readStored(file: string): Stored {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Stored) : { streams: {} };
}

/**
 * Every value by the SDK's loose-value rule, as every pipe sink does (\`'true'\` in a boolean
 * column is true, ISO text in a timestamp column a Date, …); a value the rule rejects fails the
 * whole batch, naming stream, column and row, before anything is stored; so does a row without
 * its primary key.
 */
function canonicalRows(stream: SinkStream, rows: Row[]): Row[] {
  const types = new Map(stream.schema.columns.map((c) => [c.name, c.type] as const));
  return rows.map((row, index) => {
    const out: Row = {};
    for (const [name, value] of Object.entries(row)) {
      const type = types.get(name);
      try {
        out[name] = value === null || value === undefined || !type ? null : canonicalValue(type, value);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        throw new SinkError(\`${n.name}: stream "\${stream.schema.name}", row \${index} of the batch, column "\${name}": \${e.message}\`);
      }
    }
    for (const key of stream.schema.primaryKey) {
      if (out[key] === null || out[key] === undefined) {
        throw new SinkError(\`${n.name}: stream "\${stream.schema.name}", row \${index} of the batch has no value for primary-key column "\${key}"\`);
      }
    }
    return out;
  });
}

/** Rows and state become visible together: the file is replaced in one step, so a crash leaves the old one or the new one. */
function commit(file: string, value: Stored): void {
  const text = toJson(value); // throws before anything changes if a value cannot be stored
  writeFileAtomic(file, text);
}

export const ${n.identifier} = defineSink({
  name: '${n.name}',
  sdkVersion: SDK_VERSION,
  description: 'TODO: say where this sink writes.',
  config,
  open(cfg) {
    const modes = new Map<string, SinkStream>();
    return {
      batchSize: 500,
      async prepare(streams) {
        const stored = readStored(cfg.path);
        const changes: SchemaChange[] = [];
        for (const s of streams) {
          modes.set(s.schema.name, s);
          const table = stored.streams[s.schema.name];
          if (!table) {
            stored.streams[s.schema.name] = { columns: s.schema.columns.map((c) => c.name), rows: [] };
            changes.push({ stream: s.schema.name, kind: 'create' });
            continue;
          }
          for (const c of s.schema.columns) {
            if (table.columns.includes(c.name)) continue;
            table.columns.push(c.name);
            changes.push({ stream: s.schema.name, kind: 'add_column', column: c.name, to: c.type });
          }
        }
        if (changes.length) commit(cfg.path, stored);
        return changes;
      },
      async write(batch, state) {
        const stream = modes.get(batch.stream);
        if (!stream) throw new SinkError(\`${n.name}: stream "\${batch.stream}" was not prepared\`);
        const rows = canonicalRows(stream, batch.rows);
        const stored = readStored(cfg.path);
        const table = stored.streams[batch.stream]!;
        if (stream.mode === 'append') {
          table.rows.push(...rows);
        } else {
          // merge: the last row per primary key wins (makes at-least-once delivery exact).
          const keyOf = (row: Row) => toJson(stream.schema.primaryKey.map((k) => row[k]));
          const byKey = new Map(table.rows.map((r) => [keyOf(r), r]));
          for (const row of rows) byKey.set(keyOf(row), row);
          table.rows = [...byKey.values()];
        }
        stored.state = state;
        commit(cfg.path, stored);
      },
      async readState() {
        return readStored(cfg.path).state;
      },
      async resetState(streams) {
        const stored = readStored(cfg.path);
        if (!stored.state) return;
        if (!streams) delete stored.state;
        else for (const s of streams) delete stored.state.streams[s];
        commit(cfg.path, stored);
      },
      async close() {},
    };
  },
});

export default ${n.identifier};
`;
}

export function sinkTest(n: PluginNames, pluginImport: string): string {
  return `import path from 'node:path';
import { type SinkFactory, testSink } from '@pipe/testkit';
import { ${n.identifier}, readStored } from '${pluginImport}';

// The conformance suite every pipe sink passes. \`location\` is a fresh folder per case.
const factory: SinkFactory = {
  open: async (location, ctx) => ${n.identifier}.open({ path: path.join(location, 'out.json') }, ctx),
  readRows: async (location, stream) => readStored(path.join(location, 'out.json')).streams[stream]?.rows ?? [],
};

// This sink has no \`replace\` (swap a table in at endStream); say so, and the suite skips it.
testSink('${n.name}', factory, { supports: { replace: false } });
`;
}
