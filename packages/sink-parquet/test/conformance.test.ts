import { testSink } from '@pipe/testkit';
import { factory } from './support/factory.ts';

testSink("parquet (local folder)", factory);
