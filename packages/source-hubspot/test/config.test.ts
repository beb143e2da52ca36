import { isSecret } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.ts';

describe('config', () => {
  it('declares the token as a secret and a description and default on every other field', () => {
    const props = plugin.config.properties as Record<string, Record<string, unknown>>;
    expect(isSecret(props.token)).toBe(true);
    for (const [name, field] of Object.entries(props)) {
      expect(field.description, name).toBeTruthy();
      if (name !== 'token') expect(field.default, name).not.toBeUndefined();
    }
  });
});
