// A scenario's private folder: a copy of one fixture pipeline (so its `.pipe` state and outputs
// stay out of the repo), and `pipe` runs in it with the simulator's URL and the fake token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliResult, startCli } from '../../cli/run-cli.ts';
import { TOKEN, type Transcript } from './token.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export interface Workdir {
  dir: string;
  pipeline: string;
  /** Starts `pipe <args…> pipeline.yml`; output is added to the transcript. */
  start(args: string[], env?: Record<string, string>): ReturnType<typeof startCli>;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  remove(): void;
}

export function workdir(fixture: string, baseUrl: string, transcript: Transcript): Workdir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-rel-'));
  const pipeline = path.join(dir, 'pipeline.yml');
  fs.copyFileSync(path.join(FIXTURES, fixture), pipeline);
  const start = (args: string[], env: Record<string, string> = {}) => {
    const handle = startCli([...args, pipeline], { HUBSPOT_TOKEN: TOKEN, HUBSPOT_BASE_URL: baseUrl, ...env }, dir);
    handle.done.then((r) => transcript.add(r.stdout, r.stderr));
    return handle;
  };
  return {
    dir,
    pipeline,
    start,
    run: (args, env) => start(args, env).done,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
