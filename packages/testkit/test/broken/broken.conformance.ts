import { testSink, testSource } from '../../src/index.ts';
import { BROKEN_SINKS } from './broken-sinks.ts';
import { BROKEN_SOURCES } from './broken-sources.ts';

// Run only by ../suites-catch-bugs.test.ts, in a child vitest: every suite here must fail.
for (const b of BROKEN_SINKS) testSink(b.name, b.factory);
for (const b of BROKEN_SOURCES) testSource(b.name, b.factory, { abortWithinMs: 2000 });
