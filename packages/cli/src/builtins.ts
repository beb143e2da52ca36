import type { Plugin } from '@pipe/sdk';
import duckdb from '@pipe/sink-duckdb';
import hubspotSink from '@pipe/sink-hubspot';
import parquet from '@pipe/sink-parquet';
import duckdbSource from '@pipe/source-duckdb';
import hubspot from '@pipe/source-hubspot';
import { memorySink, memorySource } from '@pipe/testkit/memory';

/** Plugins every pipeline can name without installing anything (sources and sinks are named apart by kind). */
export const builtinPlugins: Plugin[] = [hubspot, duckdbSource, memorySource, duckdb, parquet, hubspotSink, memorySink];
