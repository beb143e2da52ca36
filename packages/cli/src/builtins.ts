import type { Plugin } from '@pipe/sdk';
import duckdb from '@pipe/sink-duckdb';
import parquet from '@pipe/sink-parquet';
import hubspot from '@pipe/source-hubspot';
import { memorySink, memorySource } from '@pipe/testkit/memory';

/** Plugins every pipeline can name without installing anything. */
export const builtinPlugins: Plugin[] = [hubspot, memorySource, duckdb, parquet, memorySink];
