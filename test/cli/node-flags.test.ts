// bin/pipe.js carries Node flags on its shebang (packages/cli/README.md, "Node's heap"): V8
// sizes its garbage for the heap limit it starts with, and a 1M-contact run peaked 100 MB
// higher without them. Executed as `pnpm pipe` and installed bins execute it, the flags must
// reach the process; a probe preloaded through NODE_OPTIONS reports what V8 was given.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
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
});
