import path from 'node:path';
import { memorySink, readMemorySinkFile, testSink } from '../src/index.ts';

const file = (location: string) => path.join(location, 'memory.json');

testSink('memory', {
  open: async (location, ctx) => memorySink.open({ path: file(location), batch_size: 100 }, ctx),
  readRows: async (location, stream) => readMemorySinkFile(file(location)).tables[stream]?.rows ?? [],
});
