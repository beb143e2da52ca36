import type { Plugin } from '@pipe/sdk';
import duckdb from '@pipe/sink-duckdb';
import { memorySink, memorySource } from '@pipe/testkit/memory';

/** Plugins every pipeline can name without installing anything. */
export const builtinPlugins: Plugin[] = [memorySource, memorySink, duckdb];
