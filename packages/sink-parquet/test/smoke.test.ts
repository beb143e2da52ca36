import { expect, it } from 'vitest';
import type { StreamSchema } from '@pipe/sdk';
import { listFiles, openWriter, readManifestFile, sinkStream, stateAt, tempDir, viewRows } from './helpers.ts';

const PEOPLE: StreamSchema = { name: 'people', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'string' }] };

it('smoke', async () => {
  const dir = tempDir();
  const w = await openWriter({ dir });
  await w.prepare([sinkStream(PEOPLE, 'merge')]);
  await w.write({ stream: 'people', rows: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], checkpoint: 1 }, stateAt({ people: 1 }));
  await w.write({ stream: 'people', rows: [{ id: 1, name: 'a2' }], checkpoint: 2 }, stateAt({ people: 2 }, 2));
  await w.close();
  console.log(listFiles(dir), JSON.stringify(readManifestFile(dir), null, 1));
  expect(await viewRows(dir, 'people')).toEqual([{ id: 1n, name: 'a2' }, { id: 2n, name: 'b' }]);
});
