/**
 * A simulator in its own process for bench/source-hubspot/lanes-matrix.ts: options as JSON in
 * argv[2]; prints `URL: … token: …` once listening and runs until SIGTERM.
 */
import { type SimOptions, startSimulator } from '@pipe/hubspot-sim';

const sim = await startSimulator({ port: 0, ...(JSON.parse(process.argv[2] ?? '{}') as SimOptions) });
process.stdout.write(`URL: ${sim.url}\ntoken: ${sim.token}\n`);
process.on('SIGTERM', () => {
  void sim.close().then(() => process.exit(0));
});
