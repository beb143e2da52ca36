import type { PluginContext, Row, SinkWriter } from '@pipe/sdk';

/** How the sink suite opens and inspects the sink under test. */
export interface SinkFactory {
  /**
   * Open a writer on the SAME storage as every other call with the same `location`
   * (the suite passes a fresh temporary folder per test; put your database or files in it).
   */
  open(location: string, ctx: PluginContext): Promise<SinkWriter>;
  /**
   * Every row of `stream` currently visible in the storage, in any order, as plain
   * objects. Return integers as number or bigint, timestamps as Date or ISO string,
   * dates as 'YYYY-MM-DD' or Date, lists as arrays, JSON as values (or JSON text).
   * A stream never created may return []. Called only while no writer is open.
   */
  readRows(location: string, stream: string): Promise<Row[]>;
  /**
   * Optional crash test: a module (absolute path or file URL) that exports this factory as
   * `crashExport` (default `factory`). The suite runs it in a child process that writes
   * batch after batch, SIGKILLs it mid-way, then checks the rows and state it left behind.
   */
  crashModule?: string;
  crashExport?: string;
  /**
   * For a sink that commits several writes at once (a group commit, like DuckDB's
   * `commit_rows`): the most writes one commit holds. A crash may then lose up to this many
   * minus one writes that had resolved; the rows must still match the committed state
   * exactly. Default 1: every write is durable when it resolves.
   */
  writesPerCommit?: number;
}

export interface SinkSuiteOptions {
  /** What the sink supports; every flag defaults to true. Cases for unsupported features are not registered. */
  supports?: {
    merge?: boolean;
    replace?: boolean;
    append?: boolean;
    /** The writer has `readState`/`resetState` and commits rows and state together. */
    readState?: boolean;
    schemaEvolution?: boolean;
  };
}

export type SinkSupports = Required<NonNullable<SinkSuiteOptions['supports']>>;

export function resolveSupports(options: SinkSuiteOptions = {}): SinkSupports {
  const s = options.supports ?? {};
  return {
    merge: s.merge ?? true,
    replace: s.replace ?? true,
    append: s.append ?? true,
    readState: s.readState ?? true,
    schemaEvolution: s.schemaEvolution ?? true,
  };
}
