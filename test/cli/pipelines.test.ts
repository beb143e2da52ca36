import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './run-cli.ts';

describe('example pipelines', () => {
  it('every file in pipelines/ validates', async () => {
    const files = fs.readdirSync(path.join(ROOT, 'pipelines')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const r = await cli(['validate', ...files.map((f) => `pipelines/${f}`)], { HUBSPOT_TOKEN: 'pat-na1-fake-test-token' });
    expect(r.code, r.stderr).toBe(0);
    for (const f of files) expect(r.stdout).toContain(`ok  pipelines/${f}`);
  });
});
