import { describe, expect, it } from 'vitest';
import { ident, literal, resolveDatabasePath } from '../src/sql.ts';

describe('SQL quoting', () => {
  it('doubles quotes, and gives `:memory:` back after the engine resolved it against a folder', () => {
    expect(ident('a "b"')).toBe('"a ""b"""');
    expect(literal("it's")).toBe("'it''s'");
    expect(resolveDatabasePath('/pipelines/:memory:')).toBe(':memory:');
    expect(resolveDatabasePath('/pipelines/w.duckdb')).toBe('/pipelines/w.duckdb');
  });
});
