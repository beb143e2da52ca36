import { COLUMN_TYPES, type Row, type StreamSchema } from '@pipe/sdk';
import { typeMismatch } from '../values.ts';

/** Every problem with the discovered schemas, as sentences; empty when they are well formed. */
export function schemaProblems(schemas: StreamSchema[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(schemas) || schemas.length === 0) return ['discover() returned no streams'];
  const names = new Set<string>();
  for (const s of schemas) {
    const where = `stream "${s.name}"`;
    if (typeof s.name !== 'string' || s.name.length === 0) problems.push('a stream has no name');
    if (names.has(s.name)) problems.push(`${where} is discovered twice`);
    names.add(s.name);
    if (!Array.isArray(s.columns) || s.columns.length === 0) {
      problems.push(`${where} has no columns`);
      continue;
    }
    const columns = new Set<string>();
    for (const c of s.columns) {
      if (typeof c.name !== 'string' || c.name.length === 0) problems.push(`${where} has a column without a name`);
      if (columns.has(c.name)) problems.push(`${where}: column "${c.name}" is declared twice`);
      columns.add(c.name);
      if (!COLUMN_TYPES.includes(c.type)) problems.push(`${where}: column "${c.name}" has type "${c.type}", not one of ${COLUMN_TYPES.join(', ')}`);
    }
    if (!Array.isArray(s.primaryKey)) problems.push(`${where}: primaryKey must be an array (empty for no key)`);
    for (const key of s.primaryKey ?? []) {
      if (!columns.has(key)) problems.push(`${where}: primary-key column "${key}" is not among its columns`);
    }
    if (s.cursor !== undefined && !columns.has(s.cursor)) problems.push(`${where}: cursor column "${s.cursor}" is not among its columns`);
    for (const mode of s.syncModes ?? []) {
      if (mode !== 'incremental' && mode !== 'full') problems.push(`${where}: unknown sync mode "${mode}"`);
    }
  }
  return problems;
}

/** Every problem with one row against its schema: missing key, undeclared column, wrong type. */
export function rowProblems(row: Row, schema: StreamSchema): string[] {
  const problems: string[] = [];
  const columns = new Map(schema.columns.map((c) => [c.name, c] as const));
  for (const key of schema.primaryKey) {
    if (row[key] === null || row[key] === undefined) problems.push(`primary-key column "${key}" is missing or null`);
  }
  for (const [name, value] of Object.entries(row)) {
    const column = columns.get(name);
    if (!column) {
      problems.push(`column "${name}" is not declared in the schema`);
      continue;
    }
    if (value === null || value === undefined) {
      if (column.nullable === false) problems.push(`column "${name}" is declared not nullable but is ${value}`);
      continue;
    }
    const mismatch = typeMismatch(value, column.type);
    if (mismatch) problems.push(`column "${name}": ${mismatch}`);
  }
  return problems;
}
