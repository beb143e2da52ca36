import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { githubWorkflow } from '../templates-ci.ts';

const PIPELINE = (name: string, schemaPath: string) => `# yaml-language-server: $schema=${schemaPath}
version: 1
name: ${name}
source:
  hubspot:
    # A private-app token or Service Key. Never write it here: set HUBSPOT_TOKEN in your
    # environment or in .env (which git ignores).
    token: \${HUBSPOT_TOKEN}
    streams: [contacts, companies, deals]
sinks:
  - duckdb:
      # Not ${name}.duckdb: DuckDB names the file's catalog after it, and the schema (the
      # pipeline name) of the same name would make \`${name}.contacts\` ambiguous in queries.
      path: warehouse.duckdb
`;

const ENV_EXAMPLE = `# Copy to .env (git-ignored) and fill in. pipe reads .env beside the pipeline file.
HUBSPOT_TOKEN=
`;

const GITIGNORE = ['.env', '.pipe/', '*.duckdb', '*.duckdb.wal'];

/** `pipe init`: a pipeline file, .env.example and .gitignore entries; never overwrites. */
export async function initCommand(dir: string, opts: { name?: string; ci?: string }): Promise<number> {
  if (opts.ci !== undefined && opts.ci !== 'github') {
    throw new CliExit(EXIT.usage, `--ci "${opts.ci}" is not supported; pipe init writes workflows for: github`);
  }
  const name = opts.name ?? 'hubspot_crm';
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new CliExit(EXIT.usage, `--name "${name}" is not valid: use lower-case letters, digits and _ (it names tables and state)`);
  }
  const root = path.resolve(dir);
  const pipelineFile = path.join(root, 'pipelines', `${name}.yml`);
  const created: string[] = [];
  if (fs.existsSync(pipelineFile)) throw new CliExit(EXIT.usage, `${path.relative(process.cwd(), pipelineFile)} already exists; pick another --name`);
  makeDirs(path.dirname(pipelineFile));
  const schemaRel = path.relative(path.dirname(pipelineFile), path.join(root, 'schemas', 'pipeline.schema.json'));
  fs.writeFileSync(pipelineFile, PIPELINE(name, schemaRel));
  created.push(pipelineFile);
  const envExample = path.join(path.dirname(pipelineFile), '.env.example');
  if (!fs.existsSync(envExample)) {
    fs.writeFileSync(envExample, ENV_EXAMPLE);
    created.push(envExample);
  }
  const gitignore = path.join(root, '.gitignore');
  const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8').split('\n') : [];
  const missing = GITIGNORE.filter((l) => !existing.includes(l));
  if (missing.length) {
    fs.appendFileSync(gitignore, `${existing.length && existing.at(-1) !== '' ? '\n' : ''}${missing.join('\n')}\n`);
    created.push(`${gitignore} (+${missing.join(' ')})`);
  }
  if (opts.ci === 'github') {
    const workflow = path.join(root, '.github', 'workflows', `pipe-${name}.yml`);
    if (fs.existsSync(workflow)) throw new CliExit(EXIT.usage, `${path.relative(process.cwd(), workflow)} already exists`);
    makeDirs(path.dirname(workflow));
    fs.writeFileSync(workflow, githubWorkflow(name, path.relative(root, pipelineFile), path.relative(root, path.join(path.dirname(pipelineFile), 'warehouse.duckdb'))));
    created.push(`${workflow} (add the HUBSPOT_TOKEN repository secret)`);
  }
  for (const c of created) process.stdout.write(`wrote ${path.relative(process.cwd(), c) || c}\n`);
  process.stdout.write(
    `\nnext:\n  pipe schema --out schemas/pipeline.schema.json   # editor autocomplete\n  cp ${path.relative(process.cwd(), envExample)} ${path.relative(process.cwd(), path.join(path.dirname(pipelineFile), '.env'))}   # then set HUBSPOT_TOKEN\n  pipe check ${path.relative(process.cwd(), pipelineFile)}\n  pipe run ${path.relative(process.cwd(), pipelineFile)}\n`,
  );
  return EXIT.ok;
}
