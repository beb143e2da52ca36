import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PIPELINE_STATE_VERSION, StateError } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { FileStateStore, migrateState } from '../src/index.ts';

/** The error a call throws, for asserting on its class and text. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('committed state a person can break', () => {
  it('refuses state written by a newer pipe as a StateError that names where it is and says to upgrade', () => {
    const e = thrown(() => migrateState({ version: PIPELINE_STATE_VERSION + 1, streams: {} }, 'crm', 'sink duckdb'));
    expect(e).toBeInstanceOf(StateError);
    expect((e as StateError).message).toContain('sink duckdb was written by a newer pipe');
    expect((e as StateError).hint).toMatch(/^Upgrade pipe/);
  });

  it('refuses a document that is not state, or of a version no pipe wrote', () => {
    for (const doc of ['text', { version: -1 }]) {
      const e = thrown(() => migrateState(doc, 'crm'));
      expect(e).toBeInstanceOf(StateError);
      expect((e as StateError).hint).toContain('remove it so the next run starts from scratch');
    }
    // A version-0 document is migrated, not refused.
    expect(migrateState({ streams: { a: 1 } }, 'crm').streams.a?.checkpoint).toBe(1);
  });

  it('reports a state file cut short as a StateError naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-state-'));
    const store = new FileStateStore(dir, 'crm');
    fs.writeFileSync(store.file, '{"0:duckdb": {"version": 1, "str');
    const e = thrown(() => store.read('0:duckdb', 'crm'));
    expect(e).toBeInstanceOf(StateError);
    expect((e as StateError).message).toContain(store.file);
    fs.writeFileSync(store.file, '[1]');
    expect(thrown(() => store.read('0:duckdb', 'crm'))).toBeInstanceOf(StateError);
  });
});
