import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { cliDir } from '../install.ts';
import { githubWorkflow, packageManagerOf } from '../templates-ci.ts';

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

const GITIGNORE = ['.env', '.pipe/', '*.duckdb', '*.duckdb.wal', 'node_modules/'];

/** package.json of a new project: pipe pinned as a dev dependency, and scripts that run the pipeline. */
function projectPackageJson(root: string, pipelineRel: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(cliDir(), 'package.json'), 'utf8')) as { version: string }).version;
  const name = path.basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'pipelines';
  const pkg = {
    name,
    private: true,
    type: 'module',
    scripts: { validate: `pipe validate ${pipelineRel}`, sync: `pipe run ${pipelineRel}` },
    devDependencies: { '@pipe/cli': version },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * The editor schema: the one the project's installed @pipe/cli carries (so it follows upgrades),
 * else a copy written into the project's schemas/ folder.
 */
async function schemaFor(root: string, created: string[]): Promise<string> {
  const installed = path.join(root, 'node_modules/@pipe/cli/schemas/pipeline.schema.json');
  if (fs.existsSync(installed)) return installed;
  const file = path.join(root, 'schemas', 'pipeline.schema.json');
  if (!fs.existsSync(file)) {
    const { schemaCommand } = await import('./schema.ts');
    makeDirs(path.dirname(file));
    await schemaCommand({ out: file });
    created.push(file);
  }
  return file;
}

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
  const packageFile = path.join(root, 'package.json');
  if (!fs.existsSync(packageFile)) {
    fs.writeFileSync(packageFile, projectPackageJson(root, path.relative(root, pipelineFile)));
    created.push(`${packageFile} (@pipe/cli as a dev dependency; npm install)`);
  }
  const schemaRel = path.relative(path.dirname(pipelineFile), await schemaFor(root, created));
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
    fs.writeFileSync(
      workflow,
      githubWorkflow({
        name,
        pipeline: path.relative(root, pipelineFile),
        warehouse: path.relative(root, path.join(path.dirname(pipelineFile), 'warehouse.duckdb')),
        packageManager: packageManagerOf(root),
      }),
    );
    created.push(`${workflow} (add the HUBSPOT_TOKEN repository secret)`);
  }
  for (const c of created) process.stdout.write(`wrote ${path.relative(process.cwd(), c) || c}\n`);
  process.stdout.write(
    `\nnext:\n  cp ${path.relative(process.cwd(), envExample)} ${path.relative(process.cwd(), path.join(path.dirname(pipelineFile), '.env'))}   # then set HUBSPOT_TOKEN\n  pipe check ${path.relative(process.cwd(), pipelineFile)}\n  pipe run ${path.relative(process.cwd(), pipelineFile)}\n`,
  );
  return EXIT.ok;
}
