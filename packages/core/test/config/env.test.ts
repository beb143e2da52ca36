import { describe, expect, it } from 'vitest';
import { isSecretReference, substituteEnv, suggestVariable } from '../../src/config/env.ts';
import { formatPath } from '../../src/config/yaml-doc.ts';

describe('substituteEnv', () => {
  const env = { A: 'alpha', EMPTY: '' };
  it.each([
    ['${A}', 'alpha'],
    ['x-${A}-${A}', 'x-alpha-alpha'],
    ['${EMPTY}', ''],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${UNSET:-}', ''],
    ['${UNSET:-a:-b}', 'a:-b'],
    ['$${A}', '${A}'],
    ['$$${A}', '$${A}'],
    ['no refs $A {A}', 'no refs $A {A}'],
  ])('%s → %s', (raw, expected) => {
    expect(substituteEnv(raw, env)).toEqual({ value: expected, missing: [], malformed: [] });
  });

  it('names missing variables and malformed references', () => {
    expect(substituteEnv('${NOPE}/${A}/${ALSO_NOPE}', env).missing).toEqual(['NOPE', 'ALSO_NOPE']);
    expect(substituteEnv('${1X}', env).malformed).toHaveLength(1);
    expect(substituteEnv('${A', env).malformed).toEqual(['"${" without a closing "}"; write "$${" for a literal "${"']);
  });

  it('accepts only a lone ${NAME} as a secret reference', () => {
    expect(isSecretReference('${HUBSPOT_TOKEN}')).toBe(true);
    expect(isSecretReference(' ${T} ')).toBe(true);
    for (const raw of ['pat-na1-fake-test-token', '${T:-x}', 'Bearer ${T}', '${T}${U}', '$${T}']) expect(isSecretReference(raw)).toBe(false);
  });

  it('suggests a variable name from the plugin and field', () => {
    expect(suggestVariable('hubspot', 'token')).toBe('HUBSPOT_TOKEN');
    expect(suggestVariable('./plugins/my-source.ts', 'api_key')).toBe('MY_SOURCE_API_KEY');
    expect(suggestVariable('@acme/pipe-sink-y', 'password')).toBe('PIPE_SINK_Y_PASSWORD');
  });
});

describe('formatPath', () => {
  it('prints config paths the way people write them', () => {
    expect(formatPath(['sinks', 0, 'duckdb', 'path'])).toBe('sinks[0].duckdb.path');
    expect(formatPath(['sinks', 1, './plugins/x.ts'])).toBe('sinks[1]["./plugins/x.ts"]');
    expect(formatPath(['source', '@acme/pipe-y', 'streams', 'my stream'])).toBe('source["@acme/pipe-y"].streams["my stream"]');
    expect(formatPath([])).toBe('');
  });
});
