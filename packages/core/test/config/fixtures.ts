import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SDK_VERSION, Type, defineSink, defineSource, pathField, secret } from '@pipe/sdk';
import { Registry } from '../../src/registry.ts';

export const FAKE_TOKEN = 'pat-na1-fake-0000-4000-8000-000000000000';

/** A source with a secret, a URL with a default, an enum, a number with bounds, and stream options. */
export const crmSource = defineSource({
  name: 'crm',
  description: 'A CRM source for config tests.',
  sdkVersion: SDK_VERSION,
  config: Type.Object(
    {
      token: secret({ description: 'API token.' }),
      base_url: Type.String({ default: 'https://api.example.test', description: 'API root.', examples: ['https://api.example.test'] }),
      page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'Records per page.' })),
      mode: Type.Optional(Type.Union([Type.Literal('fast'), Type.Literal('safe')], { default: 'safe', description: 'How careful to be.' })),
      filters: Type.Optional(
        Type.Record(Type.String(), Type.Object({ where: Type.String({ description: 'Condition on the stream.' }), file: Type.Optional(pathField()) }, { additionalProperties: false }), {
          description: 'Stream name → filter.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  streamOptions: Type.Object(
    {
      properties: Type.Optional(Type.Array(Type.String(), { description: 'Properties to read.' })),
      sync: Type.Optional(Type.Union([Type.Literal('incremental'), Type.Literal('full')], { default: 'incremental' })),
    },
    { additionalProperties: false },
  ),
  open: () => ({ discover: async () => [], read: async function* () {} }),
});

/** A sink with a path field (default), an enum and stream options. */
export const filesSink = defineSink({
  name: 'files',
  description: 'Writes files, for config tests.',
  sdkVersion: SDK_VERSION,
  config: Type.Object(
    {
      dir: pathField({ default: 'out', description: 'Output folder.' }),
      compression: Type.Optional(Type.Union([Type.Literal('zstd'), Type.Literal('gzip'), Type.Literal('none')], { default: 'zstd' })),
      write: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('append'), Type.Literal('replace')])),
    },
    { additionalProperties: false },
  ),
  streamOptions: Type.Object(
    {
      write: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('append'), Type.Literal('replace')])),
      file: Type.Optional(pathField({ description: 'Where this stream goes instead.' })),
    },
    { additionalProperties: false },
  ),
  open: () => ({ prepare: async () => [], write: async () => {}, close: async () => {} }),
});

/** A sink with no config and no stream options. */
export const nullSink = defineSink({
  name: 'null',
  description: 'Discards rows.',
  sdkVersion: SDK_VERSION,
  config: Type.Object({}, { additionalProperties: false }),
  open: () => ({ prepare: async () => [], write: async () => {}, close: async () => {} }),
});

export const registry = () => new Registry([crmSource, filesSink, nullSink]);

/** A fresh folder for one test's pipeline (and .env) files. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-config-'));
}

export function writePipeline(text: string, dir = tempDir(), name = 'pipeline.yml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export const VALID = `# yaml-language-server: $schema=../schemas/pipeline.schema.json
version: 1
name: crm_sync
description: test pipeline
source:
  crm:
    token: \${CRM_TOKEN}
    streams: [contacts, deals]
sinks:
  - files: { dir: out/crm, streams: { deals: { write: replace } } }
  - null:
`;
