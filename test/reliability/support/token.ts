// The fake token every scenario uses, and a scan for it in everything a run leaves behind.
import fs from 'node:fs';
import path from 'node:path';

export const TOKEN = 'pat-na1-fake-0000-4000-8000-000000000000';

/** Every file under `dir` (databases, Parquet, manifests, state, logs) that contains the token. */
export function filesContainingToken(dir: string, token = TOKEN): string[] {
  const needle = Buffer.from(token);
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.readFileSync(p).includes(needle)) found.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found;
}

/** Output printed by every run in this test file, scanned at the end. */
export class Transcript {
  readonly chunks: string[] = [];
  add(...texts: string[]) {
    this.chunks.push(...texts);
  }
  leaks(token = TOKEN): number {
    return this.chunks.filter((c) => c.includes(token)).length;
  }
  get size() {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }
}
