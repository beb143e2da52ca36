import fs from 'node:fs';
import path from 'node:path';
import { SDK_VERSION } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadConfig } from '../../src/config/index.ts';
import { FAKE_TOKEN, registry, tempDir, writePipeline } from './fixtures.ts';

/** Every issue of a pipeline text, formatted, with the temp file name shortened to `p.yml`. */
async function problems(text: string, env: Record<string, string> = { CRM_TOKEN: FAKE_TOKEN }, dir = tempDir()): Promise<string[]> {
  const file = writePipeline(text, dir, 'p.yml');
  const res = await loadConfig(file, { registry: registry(), env });
  if (res.ok) return [];
  return res.issues.map((i) => formatIssue({ ...i, file: path.basename(i.file) }));
}

const HEAD = 'version: 1\nname: s\n';
const SOURCE = 'source:\n  crm:\n    token: ${CRM_TOKEN}\n';
const SINKS = 'sinks:\n  - null:\n';

describe('loadConfig: problems at their position', () => {
  it('reports every problem at once, in file order', async () => {
    const text = `version: 2
name: Crm-Sync
sourc: 1
source:
  crmm: {}
sinks:
  - files: { dir: 5, compresion: zstd, write: mrege }
  - crm: {}
  - { a: 1, b: 2 }
`;
    expect(await problems(text)).toEqual([
      'p.yml:1:10: version: must be 1 (the only pipeline file version)',
      'p.yml:2:7: name: must contain only lower-case letters (a-z), digits and _, and start with a letter or _: it names state, schemas and folders; did you mean "crm_sync"?',
      'p.yml:3:1: sourc: unknown key "sourc"; did you mean "source"?',
      'p.yml:5:3: source.crmm: unknown source plugin "crmm"; did you mean "crm"?',
      'p.yml:7:19: sinks[0].files.dir: must be a string',
      'p.yml:7:22: sinks[0].files.compresion: unknown key "compresion"; did you mean "compression"?',
      'p.yml:7:47: sinks[0].files.write: must be one of "merge", "append", "replace"; did you mean "merge"?',
      'p.yml:8:5: sinks[1].crm: "crm" is a source plugin, but it is used as a sink',
      'p.yml:9:5: sinks[2]: has 2 keys (a, b): it must have exactly one key, the sink plugin, e.g. `- duckdb: { path: warehouse.duckdb }`',
    ]);
  });

  it('reports a missing required key at the parent mapping', async () => {
    expect(await problems(`${HEAD}source:\n  crm:\n    page_size: 5\n${SINKS}`)).toEqual(['p.yml:5:5: source.crm: missing required key "token"']);
    expect(await problems('version: 1\nsource:\n  crm: {}\n')).toEqual([
      'p.yml:1:1: (file): missing required key "name"',
      'p.yml:1:1: (file): missing required key "sinks"',
      'p.yml:3:8: source.crm: missing required key "token"',
    ]);
  });

  it('checks types, bounds, enums and stream options with suggestions', async () => {
    const text = `${HEAD}source:
  crm:
    token: \${CRM_TOKEN}
    page_size: 0
    mode: fsat
    streams:
      contacts: { sync: ful, propertes: [a] }
      deals: 3
sinks: []
`;
    expect(await problems(text)).toEqual([
      'p.yml:6:16: source.crm.page_size: must be >= 1',
      'p.yml:7:11: source.crm.mode: must be one of "fast", "safe"; did you mean "fast"?',
      'p.yml:9:25: source.crm.streams.contacts.sync: must be one of "incremental", "full"; did you mean "full"?',
      'p.yml:9:30: source.crm.streams.contacts.propertes: unknown key "propertes"; did you mean "properties"?',
      'p.yml:10:14: source.crm.streams.deals: must be a mapping',
      'p.yml:11:8: sinks: needs at least one sink',
    ]);
  });

  it('reports bad stream lists item by item', async () => {
    const text = `${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN}\n    streams: [contacts, "", contacts, { a: 1 }]\n${SINKS}`;
    expect(await problems(text)).toEqual([
      'p.yml:6:25: source.crm.streams[1]: must be a stream name (a non-empty string)',
      'p.yml:6:29: source.crm.streams[2]: stream "contacts" is listed twice',
      'p.yml:6:39: source.crm.streams[3]: must be a stream name (a non-empty string)',
    ]);
    expect(await problems(`${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN}\n    streams: all\n${SINKS}`)).toEqual([
      'p.yml:6:14: source.crm.streams: must be a list of stream names ([contacts, deals]) or a map of stream name → options',
    ]);
  });

  it('reports unknown plugin names with a suggestion, or the list of built-ins', async () => {
    expect(await problems(`${HEAD}${SOURCE}sinks:\n  - fils: {}\n  - parquet: {}\n`)).toEqual([
      'p.yml:7:5: sinks[0].fils: unknown sink plugin "fils"; did you mean "files"?',
      'p.yml:8:5: sinks[1].parquet: unknown sink plugin "parquet": built-in sinks are files, null; other plugins are named by npm package or by a relative path such as ./plugins/my-sink.ts',
    ]);
  });

  it('reports a source or sink that names no plugin or several', async () => {
    expect(await problems(`${HEAD}source: {}\nsinks:\n  - null:\n  - 5\n`)).toEqual([
      'p.yml:3:9: source: names no plugin: it must have exactly one key, the source plugin, e.g. `source: { hubspot: { token: ${HUBSPOT_TOKEN} } }`',
      'p.yml:6:5: sinks[1]: must be a mapping with one key, the sink plugin, e.g. `- duckdb: { path: warehouse.duckdb }`',
    ]);
    expect(await problems(`${HEAD}source: crm\nsinks: { null: }\n`)).toEqual([
      'p.yml:3:9: source: must be a mapping with one key, the source plugin, e.g. `source: { hubspot: { token: ${HUBSPOT_TOKEN} } }`',
      'p.yml:4:8: sinks: must be a list: write each sink as an item starting with "-", e.g. `- duckdb: { path: warehouse.duckdb }`',
    ]);
  });

  it('turns plugin load failures into issues at the reference', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'not-a-plugin.mjs'), 'export default { hello: 1 };\n');
    const text = `${HEAD}${SOURCE}sinks:\n  - ./missing.ts: {}\n  - ./not-a-plugin.mjs: {}\n`;
    const found = await problems(text, undefined, dir);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^p\.yml:7:5: sinks\[0\]\["\.\/missing\.ts"\]: cannot load sink plugin "\.\/missing\.ts": .* \(check that the file exists relative to the pipeline file/);
    expect(found[1]).toMatch(/^p\.yml:8:5: sinks\[1\]\["\.\/not-a-plugin\.mjs"\]: sink plugin "\.\/not-a-plugin\.mjs" is missing: kind/);
  });

  it('checks a file plugin\'s config schema against the JSON Schema meta-schema', async () => {
    const dir = tempDir();
    const plugin = (config: string) => `export default { kind: 'sink', name: 'x', sdkVersion: '${SDK_VERSION}', config: ${config}, open() {} };\n`;
    fs.writeFileSync(path.join(dir, 'bad-schema.mjs'), plugin("{ type: 'object', properties: { dir: { type: 'text' } } }"));
    fs.writeFileSync(path.join(dir, 'good-schema.mjs'), plugin("{ type: 'object', properties: { dir: { type: 'string' } } }"));
    const found = await problems(`${HEAD}${SOURCE}sinks:\n  - ./bad-schema.mjs: { dir: out }\n  - ./good-schema.mjs: { dir: out }\n`, undefined, dir);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^p\.yml:7:5: sinks\[0\]\["\.\/bad-schema\.mjs"\]: sink plugin "\.\/bad-schema\.mjs" has a config schema that is not valid JSON Schema \(\/properties\/dir\/type must be/);
  });

  it('names a missing environment variable at the value, never printing values', async () => {
    const text = `${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN}\n    base_url: https://\${API_HOST}/v3\n${SINKS}`;
    expect(await problems(text, {})).toEqual([
      'p.yml:5:12: source.crm.token: environment variable CRM_TOKEN is not set; set it in your environment or in a .env file beside the pipeline',
      'p.yml:6:15: source.crm.base_url: environment variable API_HOST is not set; set it in your environment or in a .env file beside the pipeline',
    ]);
    expect(await problems(`${HEAD}${SOURCE}    base_url: \${bad-name}\n${SINKS}`)).toEqual([
      'p.yml:6:15: source.crm.base_url: invalid environment reference: "${bad-name}" is not a variable name (letters, digits and _; use ${NAME} or ${NAME:-default})',
    ]);
  });

  it('rejects literal secrets without echoing them', async () => {
    const text = `${HEAD}source:\n  crm:\n    token: ${FAKE_TOKEN}\n${SINKS}`;
    const found = await problems(text);
    expect(found).toEqual([
      'p.yml:5:12: source.crm.token: a secret must not be written in the pipeline file; use an environment reference such as ${CRM_TOKEN} and set it in your environment or .env',
    ]);
    const withDefault = await problems(`${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN:-${FAKE_TOKEN}}\n${SINKS}`, {});
    expect(withDefault).toEqual([
      'p.yml:5:12: source.crm.token: a secret must be exactly one environment reference such as ${CRM_TOKEN}, with no default and no other text',
    ]);
    for (const line of [...found, ...withDefault]) expect(line).not.toContain('pat-na1');
  });

  it('reports a secret whose variable is set but empty', async () => {
    expect(await problems(`${HEAD}${SOURCE}${SINKS}`, { CRM_TOKEN: '' })).toEqual([
      'p.yml:5:12: source.crm.token: environment variable CRM_TOKEN is set but empty; a secret needs a value',
    ]);
  });

  it('a broken file with a pasted token does not echo it', async () => {
    const found = await problems(`${HEAD}source:\n  crm:\n    token: ${FAKE_TOKEN}: x\n  ]${FAKE_TOKEN}\n${SINKS}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^p\.yml:\d+:\d+: .*YAML syntax error: /);
    expect(found[0]).not.toContain('pat-na1');
  });

  it('never prints a secret value that came from the environment', async () => {
    const text = `${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN}\n    page_size: \${CRM_TOKEN}\n    mode: \${CRM_TOKEN}\n${SINKS}`;
    const found = await problems(text);
    expect(found.length).toBeGreaterThan(0);
    for (const line of found) expect(line).not.toContain(FAKE_TOKEN);
  });

  it('reports duplicate keys and YAML syntax errors with their position', async () => {
    expect(await problems(`${HEAD}source:\n  crm:\n    token: \${CRM_TOKEN}\n    token: \${CRM_TOKEN}\n${SINKS}`)).toEqual([
      'p.yml:6:5: source.crm: duplicate key: each key may appear only once in a mapping',
    ]);
    expect(await problems(`${HEAD}source:\n  crm: [unclosed\n${SINKS}`)).toEqual([
      'p.yml:5:1: (file): YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(await problems(`${HEAD}a: 1\nb: {x: 1, x: 2}\na: 3\n`)).toEqual([
      'p.yml:4:11: b: duplicate key: each key may appear only once in a mapping',
      'p.yml:5:1: (file): duplicate key: each key may appear only once in a mapping',
    ]);
    expect(await problems(`${HEAD}source: { crm: { token: \${CRM_TOKEN} } }\n${SINKS}`)).toEqual([
      expect.stringMatching(/^p\.yml:3:26: .*YAML syntax error: .*; inside \{ \} or \[ \], quote environment references: "\$\{NAME\}"$/),
    ]);
  });

  it('gives one issue for a file that is missing, empty or not a mapping', async () => {
    const dir = tempDir();
    const missing = await loadConfig(path.join(dir, 'nope.yml'), { registry: registry(), env: {} });
    expect(!missing.ok && missing.issues.map(formatIssue)).toEqual([`${path.join(dir, 'nope.yml')}:1:1: (file): file not found`]);
    const folder = await loadConfig(dir, { registry: registry(), env: {} });
    expect(!folder.ok && folder.issues.map((i) => i.message)).toEqual(['is a folder, not a pipeline file']);
    expect(await problems('')).toEqual(['p.yml:1:1: (file): the file is empty; a pipeline has the keys version, name, source and sinks']);
    expect(await problems('- a\n- b\n')).toEqual(['p.yml:1:1: (file): the file is not a YAML mapping; a pipeline has the keys version, name, source and sinks']);
    expect(await problems('a: *nowhere\n')).toEqual([expect.stringMatching(/^p\.yml:1:1: \(file\): YAML error: /)]);
  });
});
