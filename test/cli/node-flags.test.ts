// bin/pipe.js carries Node flags on its shebang (packages/cli/README.md, "Node's heap"): V8
// sizes its garbage for the heap limit it starts with, and a 1M-contact run peaked 100 MB
// higher without them. Executed as `pnpm pipe` and installed bins execute it, the flags must
// reach the process; a probe preloaded through NODE_OPTIONS reports what V8 was given. The bin
// also sets DuckDB's allocator to give memory back at once (packages/sink-duckdb/README.md#memory).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { binEnvDefaults } from '../../bench/engine/pipe-cli.ts';
import { BIN, ROOT } from './run-cli.ts';

const run = promisify(execFile);

describe('bin/pipe.js executed', () => {
  it('starts Node with a 1 GB heap limit and 2 MB semi-spaces', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-flags-'));
    try {
      const probe = path.join(dir, 'probe.mjs');
      const out = path.join(dir, 'flags.json');
      fs.writeFileSync(
        probe,
        `import fs from 'node:fs'; import v8 from 'node:v8';\nfs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ execArgv: process.execArgv, heapLimitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }));\n`,
      );
      await run(BIN, ['schema', '--out', path.join(dir, 'schema.json')], { cwd: ROOT, env: { ...process.env, CI: 'true', NODE_OPTIONS: `--import=${probe}` } });
      const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as { execArgv: string[]; heapLimitMb: number };
      expect(seen.execArgv).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=2']);
      // Node's own default here is ~4 GB; the limit V8 reports is the old space plus the young generation.
      expect(seen.heapLimitMb).toBeGreaterThan(1024);
      expect(seen.heapLimitMb).toBeLessThan(1100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells DuckDB's jemalloc to give freed pages back at once, unless the variable is already set", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-jemalloc-'));
    try {
      // The probe runs before bin/pipe.js, so it reports the environment as the process exits.
      const probe = path.join(dir, 'probe.mjs');
      const out = path.join(dir, 'env.json');
      fs.writeFileSync(probe, `import fs from 'node:fs';\nprocess.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env.DUCKDB_JE_MALLOC_CONF ?? null)));\n`);
      const seen = async (env: Record<string, string>) => {
        await run(BIN, ['schema', '--out', path.join(dir, 'schema.json')], { cwd: ROOT, env: { ...process.env, CI: 'true', NODE_OPTIONS: `--import=${probe}`, ...env } });
        return JSON.parse(fs.readFileSync(out, 'utf8')) as string | null;
      };
      const conf = await seen({});
      expect(conf).toBe('dirty_decay_ms:0,muzzy_decay_ms:0');
      // Benchmarks that run a bundle's main.js directly give it what the bin would have set.
      expect(binEnvDefaults()).toEqual({ DUCKDB_JE_MALLOC_CONF: conf });
      expect(await seen({ DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:500' })).toBe('dirty_decay_ms:500');
      // This DuckDB build reads the variable: jemalloc accepts the setting, and aborts on a bogus
      // one when asked to, so a renamed variable or option would fail here instead of being ignored.
      const openDuckDb = (value: string) =>
        run(process.execPath, ['--input-type=module', '-e', "const { DuckDBInstance } = await import('@duckdb/node-api'); (await DuckDBInstance.create(':memory:')).closeSync();"], {
          cwd: path.join(ROOT, 'packages/sink-duckdb'),
          env: { ...process.env, DUCKDB_JE_MALLOC_CONF: value },
        });
      await expect(openDuckDb(`abort_conf:true,${conf}`)).resolves.toBeDefined();
      await expect(openDuckDb('abort_conf:true,no_such_option:1')).rejects.toThrow(/Invalid conf pair/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
