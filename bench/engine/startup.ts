// CLI start-up: `pipe validate` on the example pipelines, a fresh process each time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { median, report } from './measure.ts';
import { BIN } from './pipe-cli.ts';
import { ROOT } from './sim-process.ts';

// argv[2]: the CLI entry to time (default bin/pipe.js).
const cli = process.argv[2] ?? BIN;
const files = fs.readdirSync(path.join(ROOT, 'pipelines')).filter((f) => f.endsWith('.yml')).map((f) => `pipelines/${f}`);
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, [cli, 'validate', '-q', ...files], {
    cwd: ROOT,
    env: { ...process.env, HUBSPOT_TOKEN: 'pat-na1-fake-bench-token' },
  });
  times.push((performance.now() - t0) / 1000);
}
report({ files: files.length, medianSeconds: median(times) });
