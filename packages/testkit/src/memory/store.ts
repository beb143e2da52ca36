import fs from 'node:fs';
import path from 'node:path';
import type { PipelineState, Row, RunRecord, StreamSchema } from '@pipe/sdk';
import { LockedError, SinkError, acquirePidLock, writeFileAtomic } from '@pipe/sdk';

/** One stream's table: its schema (the union of every schema prepared so far) and rows. */
export interface MemoryTable {
  schema: StreamSchema;
  rows: Row[];
}

/**
 * Everything a memory sink holds. Treated as immutable: every commit builds a new
 * value, so a failed write can never leave half of itself behind.
 */
export interface MemoryStoreData {
  tables: Record<string, MemoryTable>;
  state?: PipelineState;
  runs: RunRecord[];
}

/** Where a memory sink keeps its data between writers (and, with a file, between processes). */
export interface MemoryStorage {
  load(): MemoryStoreData;
  /** Durably replace the stored data (atomic for files). */
  save(data: MemoryStoreData): void;
  /** Called when a writer opens and closes; file storage takes and drops a lock. */
  acquire(): void;
  release(): void;
}

export function emptyStoreData(): MemoryStoreData {
  return { tables: {}, runs: [] };
}

/** Storage in this process only; share one between writers to see a run's results. */
export function createMemoryStorage(initial: MemoryStoreData = emptyStoreData()): MemoryStorage {
  let data = initial;
  return {
    load: () => data,
    save: (next) => {
      data = next;
    },
    acquire() {},
    release() {},
  };
}

const FILE_FORMAT = 'pipe-memory-sink';
const FILE_VERSION = 1;

/** JSON has no Date or bigint: timestamps become ISO strings, unsafe integers decimal strings. */
function encodeRow(row: Row, schema: StreamSchema): Row {
  const out: Row = { ...row };
  for (const c of schema.columns) {
    const v = out[c.name];
    if (v instanceof Date) out[c.name] = v.toISOString();
    else if (typeof v === 'bigint') out[c.name] = v.toString();
  }
  return out;
}

function decodeRow(row: Row, schema: StreamSchema): Row {
  const out: Row = { ...row };
  for (const c of schema.columns) {
    const v = out[c.name];
    if (c.type === 'timestamp' && typeof v === 'string') out[c.name] = new Date(v);
    else if (c.type === 'integer' && typeof v === 'string') out[c.name] = BigInt(v);
  }
  return out;
}

export function serializeStore(data: MemoryStoreData): string {
  const tables = Object.fromEntries(
    Object.entries(data.tables).map(([name, t]) => [name, { schema: t.schema, rows: t.rows.map((r) => encodeRow(r, t.schema)) }]),
  );
  return `${JSON.stringify({ format: FILE_FORMAT, version: FILE_VERSION, tables, state: data.state, runs: data.runs })}\n`;
}

export function parseStore(text: string, file: string): MemoryStoreData {
  const doc = JSON.parse(text) as { format?: string; version?: number } & MemoryStoreData;
  if (doc.format !== FILE_FORMAT || doc.version !== FILE_VERSION) {
    throw new SinkError(`${file} is not a memory sink file (format ${doc.format} v${doc.version})`, {
      hint: `Point the memory sink's path at a new file, or delete ${file}.`,
    });
  }
  const tables = Object.fromEntries(
    Object.entries(doc.tables).map(([name, t]) => [name, { schema: t.schema, rows: t.rows.map((r) => decodeRow(r, t.schema)) }]),
  );
  return { tables, state: doc.state ?? undefined, runs: doc.runs ?? [] };
}

/** Read a memory sink file (tests, other processes); a missing file is an empty store. */
export function readMemorySinkFile(file: string): MemoryStoreData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyStoreData();
    throw e;
  }
  return parseStore(text, file);
}

/** Temp files (writeFileAtomic's `.<name>.<random>.tmp`) of a writer killed mid-save; only the lock holder writes them, and we hold it now. */
function removeStaleTempFiles(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** A JSON file written atomically on every commit, locked while a writer is open. */
export function createFileStorage(file: string): MemoryStorage {
  let release: (() => void) | undefined;
  return {
    load: () => readMemorySinkFile(file),
    save: (data) => writeFileAtomic(file, serializeStore(data)),
    acquire() {
      const lock = `${file}.lock`;
      release = acquirePidLock(lock, {
        held: (owner) =>
          new LockedError(`${file} is in use by process ${owner}${owner === process.pid ? ' (this process: a writer was not closed)' : ''}`, {
            hint: `Close the other writer first; if process ${owner} is gone, delete ${lock}.`,
          }),
        contended: () => new LockedError(`could not lock ${file}: another process keeps taking ${lock}`, { hint: 'Retry when the other run has finished.' }),
      });
      removeStaleTempFiles(file);
    },
    release() {
      release?.();
      release = undefined;
    },
  };
}
