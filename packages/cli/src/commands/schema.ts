import fs from 'node:fs';
import path from 'node:path';
import { buildPipelineSchema } from '@pipe/core';
import { makeDirs } from '@pipe/sdk';
import { EXIT } from '../exit.ts';
import { makeRegistry } from '../pipeline.ts';

/** `pipe schema`: the JSON Schema of pipeline files (built-in plugins included), for editors. */
export async function schemaCommand(opts: { out?: string }): Promise<number> {
  const text = `${JSON.stringify(buildPipelineSchema(makeRegistry()), null, 2)}\n`;
  if (opts.out) {
    makeDirs(path.dirname(path.resolve(opts.out)));
    fs.writeFileSync(opts.out, text);
  }
  else process.stdout.write(text);
  return EXIT.ok;
}
