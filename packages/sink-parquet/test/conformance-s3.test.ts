import { testSink } from '@pipe/testkit';
import { afterAll } from 'vitest';
import { s3Factory } from './support/factory.ts';
import { startS3Server } from './support/s3-server.ts';

const server = await startS3Server();
afterAll(() => server.close());

testSink('parquet (s3:// on a local S3 server)', s3Factory);
