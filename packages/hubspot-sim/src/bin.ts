// `pnpm sim -- --contacts 100000 --tier professional --latency 250` and `npx @pipe/hubspot-sim`:
// the simulator's command line (cli.ts).
import { simulatorCli } from './cli.ts';

simulatorCli(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as { code?: string; exitCode?: number; message?: string };
  // commander printed its own message (bad flag, --help).
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) process.exit(e.exitCode ?? 2);
  process.stderr.write(`hubspot-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
