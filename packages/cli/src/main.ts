import { Command, InvalidArgumentError, Option } from 'commander';
import { CliExit, EXIT, reportError } from './exit.ts';
// Commands load on demand: `pipe --help` and `pipe validate` should not pay for DuckDB or HTTP clients.
import type { GlobalOptions } from './pipeline.ts';

const program = new Command('pipe')
  .description('pipe: declarative pipelines as code. A pipeline is a YAML file; pipe runs it.')
  .option('--env-file <file>', 'read environment references from this file (process environment wins)')
  .option('--debug', 'show stack traces and HTTP traces (secrets redacted)')
  .option('-q, --quiet', 'print only warnings, errors and the result')
  .option('--json', 'machine-readable output')
  .option('-V, --version', 'print the versions of pipe, its SDK and its built-in plugins')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals();
const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
let exitCode = EXIT.ok as number;
const done = (code: number) => {
  exitCode = code;
};

program
  .command('validate')
  .description('check pipeline files: every problem at once, as file:line:col')
  .argument('<files...>', 'pipeline YAML files')
  .addHelpText('after', examples('pipe validate pipelines/*.yml'))
  .action(async (files: string[], _o, cmd: Command) => done(await (await import('./commands/validate.ts')).validateCommand(files, globals(cmd))));

program
  .command('plan')
  .description('show what a run would do: streams, sync and write modes, resume points (reads no data)')
  .argument('<file>', 'pipeline YAML file')
  .option('--streams <names>', 'only these streams (comma-separated)')
  .option('--full-refresh', 'ignore committed state')
  .option('--check-deletes', 'plan the check for hard-deleted records on this run, even when not due')
  .addHelpText('after', examples('pipe plan pipelines/hubspot.yml', 'pipe plan pipelines/hubspot.yml --json'))
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/plan.ts')).planCommand(file, globals(cmd))));

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
};

program
  .command('run')
  .description('run a pipeline: read the source, load every sink, commit state with the data')
  .argument('<file>', 'pipeline YAML file')
  .option('--streams <names>', 'only these streams (comma-separated)')
  .option('--full-refresh', 'ignore committed state and read everything again')
  .option('--check-deletes', 'check for hard-deleted records on this run, even when the check is not due')
  .option('--dry-run', 'read the source but write nothing and commit no state')
  .option('--fail-fast', 'stop every stream at the first failure')
  .option('--summary-json <file>', 'also write the run summary as JSON to this file')
  .addOption(new Option('--concurrency <n>', 'streams read at once').argParser(positiveInt))
  .addOption(new Option('--max-calls <n>', 'stop cleanly (state committed) after this many API calls').argParser(positiveInt))
  .addHelpText(
    'after',
    examples('pipe run pipelines/hubspot.yml', 'pipe run pipelines/hubspot.yml --streams contacts,deals --full-refresh', 'pipe run pipelines/hubspot.yml --json > summary.json'),
  )
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/run.ts')).runCommand(file, globals(cmd))));

program
  .command('check')
  .description('test the connection of every plugin (HubSpot: token, account, quota, scopes)')
  .argument('<file>', 'pipeline YAML file')
  .option('--scopes <names>', 'the scopes the token was granted, as pasted (comma- or space-separated): which selected streams they leave out, and which names HubSpot does not know')
  .addHelpText('after', examples('pipe check pipelines/hubspot.yml', "pipe check pipelines/hubspot.yml --scopes 'crm.objects.contacts.read, marketing.email.read'"))
  .action(async (file: string, o: { scopes?: string }, cmd: Command) => done(await (await import('./commands/check.ts')).checkCommand(file, globals(cmd), o.scopes)));

program
  .command('discover')
  .description('list the streams the source offers, with their typed columns')
  .argument('<file>', 'pipeline YAML file')
  .option('--stream <name>', 'show one stream with all its columns')
  .addHelpText('after', examples('pipe discover pipelines/hubspot.yml', 'pipe discover pipelines/hubspot.yml --stream deals'))
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/discover.ts')).discoverCommand(file, globals(cmd))));

const state = program.command('state').description('show or reset the state each sink has committed');
const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];
state
  .command('show')
  .argument('<file>', 'pipeline YAML file')
  .option('--stream <name>', 'only this stream (repeatable)', collect)
  .addHelpText('after', examples('pipe state show pipelines/hubspot.yml'))
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/state.ts')).stateCommand('show', file, globals(cmd))));
state
  .command('reset')
  .argument('<file>', 'pipeline YAML file')
  .option('--stream <name>', 'only this stream (repeatable)', collect)
  .addHelpText('after', examples('pipe state reset pipelines/hubspot.yml --stream deals'))
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/state.ts')).stateCommand('reset', file, globals(cmd))));

program
  .command('compact')
  .description('rewrite what the sinks that can compact (parquet) hold to one row per primary key (the latest)')
  .argument('<file>', 'pipeline YAML file')
  .option('--stream <name>', 'only this stream (repeatable)', collect)
  .addHelpText('after', examples('pipe compact pipelines/demo.yml', 'pipe compact pipelines/demo.yml --stream contacts'))
  .action(async (file: string, _o, cmd: Command) => done(await (await import('./commands/compact.ts')).compactCommand(file, globals(cmd))));

program
  .command('new')
  .description('scaffold a source or sink plugin that already passes the conformance suite, with a pipeline that runs it')
  .argument('<kind>', 'source or sink')
  .argument('<name>', 'plugin name (lower-case letters, digits and _)')
  .option('--dir <folder>', 'parent folder', 'plugins')
  .option('--file', 'one plugin file (with its test and pipeline) instead of a package folder')
  .addHelpText('after', examples('pipe new source demo_api', 'pipe new sink my_warehouse --file --dir pipelines/plugins'))
  .action(async (kind: string, name: string, _o, cmd: Command) => done(await (await import('./commands/new.ts')).newCommand(kind, name, cmd.opts())));

program
  .command('schema')
  .description('print the JSON Schema of pipeline files (for editor autocomplete)')
  .option('--out <file>', 'write it to a file instead of stdout')
  .addHelpText('after', examples('pipe schema --out schemas/pipeline.schema.json'))
  .action(async (_o, cmd: Command) => done(await (await import('./commands/schema.ts')).schemaCommand(cmd.opts())));

program
  .command('init')
  .description('scaffold a pipeline, .env.example and .gitignore entries (never overwrites)')
  .argument('[dir]', 'project folder', '.')
  .option('--name <name>', 'pipeline name', 'hubspot_crm')
  .option('--ci <provider>', 'also write a scheduled CI workflow (github)')
  .addHelpText('after', examples('pipe init', 'pipe init my-project --name marketing', 'pipe init --ci github'))
  .action(async (dir: string, _o, cmd: Command) => done(await (await import('./commands/init.ts')).initCommand(dir, cmd.opts())));

program
  .command('sim')
  .description('start the HubSpot simulator with a fake token, to try pipelines offline (every flag: pipe sim --help)')
  .allowUnknownOption()
  .helpOption(false)
  .argument('[flags...]', 'simulator flags, e.g. --contacts 10000 --latency 250 --no-rate-limits')
  .addHelpText('after', examples('pipe sim --port 4010', 'pipe sim --contacts 100000 --tier starter --latency 250'))
  .action(async (flags: string[]) => {
    await (await import('@pipe/hubspot-sim/cli')).simulatorCli(flags, 'pipe sim');
    done(EXIT.ok);
    // The simulator serves until interrupted: keep the process up.
    await new Promise(() => {});
  });

program
  .command('demo')
  .description('start the HubSpot simulator and run the demo pipeline (HubSpot → DuckDB and Parquet) against it; no account needed')
  .argument('[dir]', 'folder to write the demo pipeline and its warehouse into', 'pipe-demo')
  .addHelpText('after', examples('pipe demo', 'pipe demo /tmp/try-pipe'))
  .action(async (dir: string, _o, cmd: Command) => done(await (await import('./commands/demo.ts')).demoCommand({ dir, debug: globals(cmd).debug })));

program
  .command('watch')
  .description('re-validate and re-run a pipeline (or every pipeline in a folder) when files change')
  .argument('<target>', 'pipeline file or folder')
  .addHelpText('after', examples('pipe watch pipelines/hubspot.yml', 'pipe watch pipelines/'))
  .action(async (target: string, _o, cmd: Command) => done(await (await import('./commands/watch.ts')).watchCommand(target, globals(cmd))));

try {
  if (process.argv[2] === '--version' || process.argv[2] === '-V') {
    process.stdout.write(`${(await import('./versions.ts')).versionText()}\n`);
  } else {
    await program.parseAsync(process.argv);
  }
} catch (e) {
  const err = e as { code?: string; exitCode?: number };
  if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
    // commander already printed the message; --help and --version exit 0, mistakes 2.
    exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    exitCode = reportError(e, process.argv.includes('--debug'));
  }
}
if (exitCode !== EXIT.ok) process.exitCode = exitCode;
// DuckDB and HTTP keep-alive handles would keep the process up; the work is done.
setImmediate(() => process.exit(exitCode));
export { CliExit };
