import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadResult, type PipelineConfig, formatIssue, loadConfig } from '../../src/config/index.ts';
import { FAKE_TOKEN, VALID, registry, tempDir, writePipeline } from './fixtures.ts';

function loaded(res: LoadResult): PipelineConfig {
  if (!res.ok) throw new Error(`expected a valid pipeline, got:\n${res.issues.map(formatIssue).join('\n')}`);
  return res.config;
}

describe('loadConfig: valid pipelines', () => {
  it('loads a pipeline with defaults applied, paths resolved and streams normalised', async () => {
    const file = writePipeline(VALID);
    const dir = path.dirname(file);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config).toMatchObject({ version: 1, name: 'crm_sync', description: 'test pipeline', file, baseDir: dir });
    expect(config.source.ref).toBe('crm');
    expect(config.source.plugin.name).toBe('crm');
    expect(config.source.at).toBe('source.crm');
    expect(config.source.config).toEqual({ token: FAKE_TOKEN, base_url: 'https://api.example.test', page_size: 100, mode: 'safe' });
    expect(config.source.streams).toEqual({ contacts: { sync: 'incremental' }, deals: { sync: 'incremental' } });
    expect(config.sinks.map((s) => s.at)).toEqual(['sinks[0].files', 'sinks[1].null']);
    expect(config.sinks[0]!.config).toEqual({ dir: path.join(dir, 'out/crm'), compression: 'zstd' });
    expect(config.sinks[0]!.streams).toEqual({ deals: { write: 'replace' } });
    expect(config.sinks[1]!.config).toEqual({});
    expect(config.sinks[1]!.streams).toBeUndefined();
    expect(config.secrets).toEqual([FAKE_TOKEN]);
  });

  it('records where each component and stream name sits', async () => {
    const file = writePipeline(VALID);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.source.positions.self).toEqual({ file, line: 6, col: 3 });
    expect(config.source.positions.streams).toEqual({ contacts: { file, line: 8, col: 15 }, deals: { file, line: 8, col: 25 } });
    expect(config.sinks[0]!.positions.self).toEqual({ file, line: 10, col: 5 });
    expect(config.sinks[0]!.positions.streams.deals).toEqual({ file, line: 10, col: 39 });
  });

  it('reads all streams when `streams` is absent, and fills per-stream defaults in map form', async () => {
    const file = writePipeline(`version: 1
name: s
source:
  crm:
    token: \${CRM_TOKEN}
    streams:
      contacts: { properties: [email] }
      deals:
sinks: [{ files: { streams: { deals: { file: deals.out } } } }]
`);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.source.streams).toEqual({ contacts: { properties: ['email'], sync: 'incremental' }, deals: { sync: 'incremental' } });
    expect(config.source.positions.streams.deals).toEqual({ file, line: 8, col: 7 });
    expect(config.sinks[0]!.config.dir).toBe(path.join(path.dirname(file), 'out'));
    expect(config.sinks[0]!.streams).toEqual({ deals: { file: path.join(path.dirname(file), 'deals.out') } });
  });

  it('keeps plugin and stream names as written, even YAML keywords like null and numbers', async () => {
    const file = writePipeline(`version: 1
name: s
source: { crm: { token: "\${CRM_TOKEN}", streams: [2024, "on"] } }
sinks: [{ null: }]
`);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.sinks[0]!.ref).toBe('null');
    expect(Object.keys(config.source.streams!)).toEqual(['2024', 'on']);
  });

  it('supports YAML anchors and merge keys for shared settings', async () => {
    const file = writePipeline(`version: 1
name: s
source: { crm: { token: "\${CRM_TOKEN}" } }
sinks:
  - files: &shared { compression: gzip, write: append, dir: a }
  - files: { <<: *shared, dir: b, write: merge }
`);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.sinks.map((s) => [path.basename(String(s.config.dir)), s.config.compression, s.config.write])).toEqual([
      ['a', 'gzip', 'append'],
      ['b', 'gzip', 'merge'],
    ]);
  });

  it('resolves path fields inside map-valued fields (TypeBox Record)', async () => {
    const file = writePipeline(`version: 1
name: s
source:
  crm:
    token: \${CRM_TOKEN}
    filters:
      deals: { where: "amount > 0", file: filters/deals.sql }
sinks: [{ null: }]
`);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.source.config.filters).toEqual({ deals: { where: 'amount > 0', file: path.join(path.dirname(file), 'filters/deals.sql') } });
  });

  it('leaves absolute paths, URLs and special names alone', async () => {
    const env = { CRM_TOKEN: FAKE_TOKEN };
    for (const dir of ['/data/out', 's3://bucket/out', ':memory:']) {
      const file = writePipeline(`version: 1\nname: s\nsource: { crm: { token: "\${CRM_TOKEN}" } }\nsinks: [{ files: { dir: "${dir}" } }]\n`);
      expect(loaded(await loadConfig(file, { registry: registry(), env })).sinks[0]!.config.dir).toBe(dir);
    }
  });

  it('loads a plugin from a relative path', async () => {
    const dir = tempDir();
    const sdk = path.resolve(import.meta.dirname, '../../../sdk/src/index.ts');
    fs.mkdirSync(path.join(dir, 'plugins'));
    fs.writeFileSync(
      path.join(dir, 'plugins/local.ts'),
      `import { defineSink, SDK_VERSION, Type } from ${JSON.stringify(sdk)};
export default defineSink({ name: 'local', description: 'x', sdkVersion: SDK_VERSION, config: Type.Object({ level: Type.Integer({ default: 3 }) }, { additionalProperties: false }), open: () => { throw new Error('unused'); } });
`,
    );
    const file = writePipeline('version: 1\nname: s\nsource: { crm: { token: "${CRM_TOKEN}" } }\nsinks:\n  - ./plugins/local.ts: {}\n', dir);
    const config = loaded(await loadConfig(file, { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN } }));
    expect(config.sinks[0]).toMatchObject({ ref: './plugins/local.ts', at: 'sinks[0]["./plugins/local.ts"]', config: { level: 3 } });
  });
});

describe('loadConfig: environment references', () => {
  const pipeline = (baseUrl: string) => `version: 1\nname: s\nsource:\n  crm:\n    token: \${CRM_TOKEN}\n    base_url: ${baseUrl}\nsinks: [{ null: }]\n`;

  it('substitutes ${VAR} and ${VAR:-default} anywhere in a string, and $${ as a literal', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['https://${HOST}/api', { HOST: 'h.test' }, 'https://h.test/api'],
      ['${BASE:-https://fallback.test}', {}, 'https://fallback.test'],
      ['${BASE:-https://fallback.test}', { BASE: '' }, 'https://fallback.test'],
      ['${BASE:-https://fallback.test}', { BASE: 'https://set.test' }, 'https://set.test'],
      ['"$${NOT_A_REF}"', {}, '${NOT_A_REF}'],
    ];
    for (const [raw, env, expected] of cases) {
      const config = loaded(await loadConfig(writePipeline(pipeline(raw)), { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN, ...env } }));
      expect(config.source.config.base_url).toBe(expected);
    }
  });

  it('reads .env beside the pipeline and --env-file; the process environment wins, then --env-file', async () => {
    const dir = tempDir();
    const file = writePipeline(pipeline('${BASE_URL}'), dir);
    fs.writeFileSync(path.join(dir, '.env'), `CRM_TOKEN=${FAKE_TOKEN}\nBASE_URL=https://dotenv.test\n`);
    const envFile = path.join(tempDir(), 'custom.env');
    fs.writeFileSync(envFile, '# comment\nBASE_URL="https://envfile.test"\n');
    const load = (env: Record<string, string>, withFile: boolean) =>
      loadConfig(file, { registry: registry(), env, envFile: withFile ? envFile : undefined }).then(loaded);
    expect((await load({}, false)).source.config).toMatchObject({ token: FAKE_TOKEN, base_url: 'https://dotenv.test' });
    expect((await load({}, true)).source.config.base_url).toBe('https://envfile.test');
    expect((await load({ BASE_URL: 'https://process.test' }, true)).source.config.base_url).toBe('https://process.test');
    expect((await load({}, true)).secrets).toEqual([FAKE_TOKEN]);
  });

  it('converts references to numbers and booleans where the field asks for one, and only there', async () => {
    const text = `version: 1\nname: s\nsource:\n  crm:\n    token: \${CRM_TOKEN}\n    page_size: \${PAGE}\n    base_url: \${PAGE}\nsinks: [{ null: }]\n`;
    const config = loaded(await loadConfig(writePipeline(text), { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN, PAGE: '25' } }));
    expect(config.source.config).toMatchObject({ page_size: 25, base_url: '25' });
    const bad = await loadConfig(writePipeline(text), { registry: registry(), env: { CRM_TOKEN: FAKE_TOKEN, PAGE: 'lots' } });
    expect(!bad.ok && bad.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['source.crm.page_size: must be an integer']);
  });

  it('can check a file without its environment (ignoreMissingEnv), still catching everything else', async () => {
    const text = `version: 1\nname: s\nsource:\n  crm:\n    token: \${CRM_TOKEN}\n    page_size: \${PAGE}\nsinks: [{ null: }]\n`;
    const res = await loadConfig(writePipeline(text), { registry: registry(), env: {}, ignoreMissingEnv: true });
    expect(res.ok && res.config.source.config).toMatchObject({ token: '${CRM_TOKEN}', page_size: '${PAGE}' });
    const bad = await loadConfig(writePipeline(text.replace('page_size', 'page_sise')), { registry: registry(), env: {}, ignoreMissingEnv: true });
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual(['source.crm.page_sise']);
  });

  it('reports a missing --env-file', async () => {
    const res = await loadConfig(writePipeline(pipeline('x')), { registry: registry(), env: {}, envFile: '/nonexistent/pipe.env' });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.issues.map(formatIssue)).toContain('/nonexistent/pipe.env:1:1: (file): cannot read the env file: file not found');
  });
});
