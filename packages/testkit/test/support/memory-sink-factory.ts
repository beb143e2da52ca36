import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memorySink, readMemorySinkFile, type SinkFactory } from '../../src/index.ts';

const file = (location: string) => path.join(location, 'memory.json');

/** The memory sink with a file per test location; its own module so the crash case can load it in a child process. */
export const factory: SinkFactory = {
  open: async (location, ctx) => memorySink.open({ path: file(location), batch_size: 100 }, ctx),
  readRows: async (location, stream) => readMemorySinkFile(file(location)).tables[stream]?.rows ?? [],
  crashModule: fileURLToPath(import.meta.url),
};
