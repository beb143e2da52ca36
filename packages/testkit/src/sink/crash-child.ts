/**
 * Child process of the sink crash case (cases-crash.ts): opens the sink under test and
 * writes batch after batch, printing `committed <k>` after each write resolves, until
 * the parent kills it with SIGKILL. Run as:
 *   node --import tsx crash-child.ts <factory module> <export name> <location> <mode>
 */
import { pathToFileURL } from 'node:url';
import type { WriteMode } from '@pipe/sdk';
import { createTestContext } from '../context.ts';
import { CRASH_BATCH_ROWS, PEOPLE, PIPELINE, people, sinkStream, stateWith } from './fixtures.ts';
import type { SinkFactory } from './types.ts';

async function main(): Promise<void> {
  const [moduleArg, exportName, location, mode] = process.argv.slice(2);
  if (!moduleArg || !exportName || !location || !mode) throw new Error('usage: crash-child.ts <module> <export> <location> <mode>');
  const url = moduleArg.startsWith('file:') ? moduleArg : pathToFileURL(moduleArg).href;
  const factory = (await import(url))[exportName] as SinkFactory | undefined;
  if (!factory || typeof factory.open !== 'function') throw new Error(`${moduleArg} has no SinkFactory export named "${exportName}"`);
  const writer = await factory.open(location, createTestContext({ baseDir: location, pipeline: PIPELINE }));
  await writer.prepare([sinkStream(PEOPLE, mode as WriteMode)]);
  for (let k = 1; k <= 100_000; k++) {
    const state = stateWith({ people: k }, k);
    await writer.write({ stream: 'people', rows: people((k - 1) * CRASH_BATCH_ROWS + 1, k * CRASH_BATCH_ROWS), checkpoint: k }, state);
    process.stdout.write(`committed ${k}\n`);
  }
}

main().catch((e: unknown) => {
  process.stdout.write(`error ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
