// Writes spend the same per-token budget as the HubSpot source's reads.
import { HubSpotClient } from '@pipe/source-hubspot/client';
import { createTestContext } from '@pipe/testkit';
import { describe, expect, it } from 'vitest';
import { clientConfig } from '../src/index.ts';
import { makeConfig } from './support/harness.ts';

const fakeSim = { url: 'http://127.0.0.1:9', token: 'pat-na1-fake-0000-4000-8000-000000000000' } as Parameters<typeof makeConfig>[0];

describe('sink-hubspot rate budget', () => {
  it('one token, one budget: the sink’s client shares the source’s limiter', () => {
    const ctx = createTestContext();
    const sink = new HubSpotClient(clientConfig(makeConfig(fakeSim)), ctx);
    const source = new HubSpotClient({ ...clientConfig(makeConfig(fakeSim)), search_requests_per_second: 4 }, ctx);
    expect(sink.budget).toBe(source.budget);
    const other = new HubSpotClient(clientConfig(makeConfig({ ...fakeSim, token: 'pat-na1-fake-0000-4000-8000-000000000001' })), ctx);
    expect(other.budget).not.toBe(sink.budget);
  });
});
