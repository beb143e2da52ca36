import path from 'node:path';

/** SQL quoting for names and literals that come from pipeline files and source schemas. */

/** `"name"` with embedded quotes doubled: any stream or column name is a valid identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `'text'` with embedded quotes doubled. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The engine resolves path fields against the pipeline folder, which turns `:memory:` into
 * `/dir/:memory:`; this gives DuckDB's in-memory name back.
 */
export function resolveDatabasePath(configured: string): string {
  return isMemoryPath(configured) ? ':memory:' : configured;
}

/** True for `:memory:`, also after the engine made it `/dir/:memory:`. */
export function isMemoryPath(configured: string): boolean {
  return path.basename(configured) === ':memory:';
}
