// Writes spend the same per-token budget as the HubSpot source's reads, and the shared client's
// errors name the sink's keys.
import { HubSpotClient } from '@pipe/hubspot-api';
import { ConfigError } from '@pipe/sdk';
import { createTestContext } from '@pipe/testkit';
import { describe, expect, it } from 'vitest';
import { openClient } from '../src/index.ts';
import { makeConfig } from './support/harness.ts';

const fakeSim = { url: 'http://127.0.0.1:9', token: 'pat-na1-fake-0000-4000-8000-000000000000' } as Parameters<typeof makeConfig>[0];

describe('sink-hubspot rate budget', () => {
  it('one token, one budget: the sink’s client shares the source’s limiter', () => {
    const ctx = createTestContext();
    const sink = openClient(makeConfig(fakeSim), ctx);
    const source = new HubSpotClient({ ...makeConfig(fakeSim), search_requests_per_second: 4 }, ctx);
    expect(sink.budget).toBe(source.budget);
    const other = openClient(makeConfig({ ...fakeSim, token: 'pat-na1-fake-0000-4000-8000-000000000001' }), ctx);
    expect(other.budget).not.toBe(sink.budget);
  });

  it('config errors of the shared client name sinks.hubspot, not the source', () => {
    const ctx = createTestContext();
    const err = (() => {
      try {
        openClient(makeConfig({ ...fakeSim, url: 'http://api.example.com' }), ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/^sinks\.hubspot\.base_url: refusing/);
    expect(() => openClient(makeConfig({ ...fakeSim, token: '' }), ctx)).toThrow(/^sinks\.hubspot\.token is empty/);
  });
});
