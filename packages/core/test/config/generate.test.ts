import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkGenerated, generatedFiles, writeGenerated } from '../../src/config/generate.ts';
import { buildPipelineSchema } from '../../src/config/index.ts';
import { parseYamlFile } from '../../src/config/yaml-doc.ts';
import { VALID, crmSource, filesSink, nullSink, registry, tempDir } from './fixtures.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const plugins = [crmSource, filesSink, nullSink];

describe('generated schema and docs', () => {
  it('the committed schemas/pipeline.schema.json and docs are up to date (tsx scripts/generate.ts --check)', async () => {
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const run = promisify(execFile)(tsx, ['scripts/generate.ts', '--check'], { cwd: repoRoot });
    // On failure the error carries the script's stderr: "<file> is stale: run `pnpm schema` and commit the result".
    await expect(run.then((r) => r.stdout)).resolves.toMatch(/generated files are up to date/);
  });

  it('check mode names each stale, missing or orphaned file with the command that fixes it', () => {
    const root = tempDir();
    const files = generatedFiles(plugins);
    expect(writeGenerated(root, files)).toEqual(files.map((f) => f.path));
    expect(checkGenerated(root, files)).toEqual([]);
    expect(writeGenerated(root, files)).toEqual([]);

    fs.appendFileSync(path.join(root, 'schemas/pipeline.schema.json'), ' ');
    fs.rmSync(path.join(root, 'docs/plugins/crm.md'));
    fs.writeFileSync(path.join(root, 'docs/plugins/gone.md'), '# gone\n');
    expect(checkGenerated(root, files)).toEqual([
      'docs/plugins/crm.md is missing: run `pnpm docs` and commit the result',
      'schemas/pipeline.schema.json is stale: run `pnpm schema` and commit the result',
      'docs/plugins/gone.md belongs to no plugin: run `pnpm docs` and commit the result',
    ]);
    expect(writeGenerated(root, files).sort()).toEqual(['docs/plugins/crm.md', 'docs/plugins/gone.md', 'schemas/pipeline.schema.json']);
    expect(checkGenerated(root, files)).toEqual([]);
  });

  it('is deterministic whatever the plugin order', () => {
    expect(generatedFiles([...plugins].reverse())).toEqual(generatedFiles(plugins));
    expect(generatedFiles([]).map((f) => f.path)).toEqual(['docs/pipeline-reference.md', 'schemas/pipeline.schema.json']);
  });

  it('the editor schema accepts a valid pipeline and rejects unknown plugins and keys', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(buildPipelineSchema(registry()));
    const parsed = parseYamlFile('p.yml', VALID);
    expect(parsed.ok && validate(parsed.yaml.data), JSON.stringify(validate.errors)).toBe(true);
    const local = { version: 1, name: 'x', source: { crm: { token: '${T}' } }, sinks: [{ './plugins/sink.ts': { anything: 1 } }] };
    expect(validate(local), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...local, sinks: [{ fils: {} }] })).toBe(false);
    expect(validate({ ...local, source: { crm: { token: '${T}', tokn: 1 } } })).toBe(false);
    expect(validate({ ...local, source: { crm: { token: '${T}', streams: { deals: { sync: 'sometimes' } } } } })).toBe(false);
    // Like the loader: numbers may come from the environment, secrets must.
    expect(validate({ ...local, source: { crm: { token: '${T}', page_size: '${PAGE}' } } })).toBe(true);
    expect(validate({ ...local, source: { crm: { token: '${T}', page_size: 'many' } } })).toBe(false);
    expect(validate({ ...local, source: { crm: { token: 'pat-na1-fake-test-token' } } })).toBe(false);
  });

  it('the committed editor schema is well-formed draft-07 (ajv strict mode)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
    ajv.addKeyword({ keyword: 'x-path', schemaType: 'boolean' });
    const committed = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/pipeline.schema.json'), 'utf8'));
    expect(() => ajv.compile(committed)).not.toThrow();
    expect(() => ajv.compile(buildPipelineSchema(registry()))).not.toThrow();
  });

  it('copies descriptions, defaults and examples into the editor schema; defaulted keys are not required', () => {
    const schema = buildPipelineSchema(registry()) as any;
    const crm = schema.properties.source.oneOf.find((b: any) => b.title === 'crm').properties.crm;
    expect(crm.description).toBe('A CRM source for config tests.');
    expect(crm.required).toEqual(['token']);
    expect(crm.properties.base_url).toMatchObject({ default: 'https://api.example.test', examples: ['https://api.example.test'] });
    expect(crm.properties.mode).toMatchObject({ enum: ['fast', 'safe'], default: 'safe' });
    expect(crm.properties.token['x-secret']).toBe(true);
    expect(crm.properties.page_size).toMatchObject({ default: 100, description: 'Records per page.', anyOf: [{ type: 'integer', minimum: 1, maximum: 100 }, { type: 'string' }] });
  });

  it('documents every field, secrets and per-stream options on the plugin page', () => {
    const page = generatedFiles(plugins).find((f) => f.path === 'docs/plugins/crm.md')!.content;
    expect(page).toContain('# `crm` source');
    expect(page).toContain('token: ${CRM_TOKEN}');
    expect(page).toContain('| `token` | secret string | yes |  | yes: write `${VAR}` | API token. |');
    expect(page).toContain('| `mode` | "fast" \\| "safe" | no | `"safe"` |  | How careful to be. |');
    expect(page).toContain('| `sync` | "incremental" \\| "full" | no | `"incremental"` |  |  |');
    expect(page).toContain('| `filters.<name>.where` | string | yes |  |  | Condition on the stream. |');
    const reference = generatedFiles(plugins).find((f) => f.path === 'docs/pipeline-reference.md')!.content;
    expect(reference).toContain('- [`crm`](plugins/crm.md) (source): A CRM source for config tests.');
  });
});
