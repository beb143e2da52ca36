/**
 * Generated files: schemas/pipeline.schema.json, docs/plugins/*.md, docs/pipeline-reference.md,
 * all from the built-in plugins' config schemas.
 *
 *   pnpm schema | pnpm docs      write what changed
 *   tsx scripts/generate.ts --check   write nothing; exit 1 listing each stale file (CI)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinPlugins } from '../packages/cli/src/builtins.ts';
import { checkGenerated, generatedFiles, writeGenerated } from '../packages/core/src/config/generate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = generatedFiles(builtinPlugins);

if (process.argv.includes('--check')) {
  const problems = checkGenerated(root, files);
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log(`${files.length} generated files are up to date`);
} else {
  const touched = writeGenerated(root, files);
  console.log(touched.length ? touched.map((p) => `wrote ${p}`).join('\n') : `${files.length} generated files already up to date`);
}
