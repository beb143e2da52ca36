import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SinkFactory } from '@pipe/testkit';
import parquetSink from '../../src/index.ts';
import { readStreamRows } from './read-dataset.ts';
import { TEST_BUCKET } from './s3-server.ts';

/** The dataset folder for a suite location: a sub-folder, or a prefix in the test bucket. */
function datasetDir(location: string, backend: 'local' | 's3'): string {
  return backend === 'local' ? path.join(location, 'dataset') : `s3://${TEST_BUCKET}/${path.basename(location)}/dataset`;
}

function factoryFor(backend: 'local' | 's3', exportName: string): SinkFactory {
  return {
    open: async (location, ctx) =>
      parquetSink.open({ dir: datasetDir(location, backend), s3: { region: '', endpoint: '', force_path_style: true } } as never, ctx),
    // Read back through the generated views: latest row per key for merge streams, every row for append.
    readRows: async (location, stream) => readStreamRows(datasetDir(location, backend), stream),
    crashModule: fileURLToPath(import.meta.url),
    crashExport: exportName,
  };
}

/** The parquet sink on a local folder. */
export const factory = factoryFor('local', 'factory');
/** The parquet sink on the S3 server the test started (AWS_ENDPOINT_URL and credentials from the environment). */
export const s3Factory = factoryFor('s3', 's3Factory');
