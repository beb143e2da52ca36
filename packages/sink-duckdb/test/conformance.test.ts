import { testSink } from '@pipe/testkit';
import { factory } from './support/conformance-factory.ts';

testSink('duckdb', factory);
