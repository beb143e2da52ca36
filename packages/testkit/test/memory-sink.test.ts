import { testSink } from '../src/index.ts';
import { factory } from './support/memory-sink-factory.ts';

testSink('memory', factory);
