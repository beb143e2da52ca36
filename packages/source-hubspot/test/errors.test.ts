// Errors people can act on (401, 403 MISSING_SCOPES), `pipe check`, and the token never showing
// up in any log line, error, state or metric of these runs.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { AuthError, MissingScopesError } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubSpot } from '../src/index.ts';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';

const SCOPED = 'pat-na1-fake-contacts-read-555555555555';
const WRONG = 'pat-na1-fake-test-token-00000000';
let sim: Simulator;
const outputs: string[] = [];
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 21,
    counts: { contacts: 120, deals: 30 },
    rateLimits: false,
    customProperties: 3,
    tokens: { [SCOPED]: { scopes: ['crm.objects.contacts.read'] } },
  });
});
afterAll(async () => {
  await sim.close();
  // Everything these runs produced, searched for every token they used.
  for (const h of harnesses) outputs.push(...h.logs, JSON.stringify([...h.states]), JSON.stringify(h.ctx.metrics.snapshot()));
  const all = outputs.join('\n');
  for (const token of [sim.token, SCOPED, WRONG]) expect(all.includes(token), 'a token leaked into the output').toBe(false);
  expect(all.length).toBeGreaterThan(1000);
});

/** The streams these tests read, named as a pipeline's `streams:` would (named streams fail alone rather than being skipped). */
const NAMED = { contacts: {}, deals: {}, properties: {} };
const open = async (token: string, extra = {}) => {
  const h = await openHarness(makeConfig(sim.url, token, extra), { selected: NAMED });
  harnesses.push(h);
  return h;
};
const capture = (e: unknown) => {
  const err = e as Error & { hint?: string };
  outputs.push(err.message, err.hint ?? '', err.stack ?? '', JSON.stringify(err), String(err.cause ?? ''));
  return err;
};

describe('401', () => {
  it('says the token was rejected and where to make a new one, without retrying', async () => {
    sim.control.resetStats();
    const err = capture(await open(WRONG).catch((e) => e));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/HubSpot rejected the token \(401\).*revoked, regenerated or never valid/);
    expect(err.hint).toMatch(/Settings → Integrations → Service Keys/);
    // discover asks for 4 objects' properties at once; none is retried.
    expect(sim.control.stats().byRoute['error.401'] ?? sim.control.stats().requests).toBeLessThanOrEqual(4);
  });
});

describe('403 MISSING_SCOPES', () => {
  it('names the stream and the scope it needs', async () => {
    const h = await open(SCOPED);
    await runStream(h, 'contacts');
    expect(h.tables.get('contacts')!.size).toBeGreaterThan(0);
    const err = capture(await runStream(h, 'deals').catch((e) => e));
    expect(err).toBeInstanceOf(MissingScopesError);
    expect(err.message).toMatch(/stream "deals".*crm\.objects\.deals\.read/);
    expect((err as MissingScopesError).scopes).toContain('crm.objects.deals.read');
    expect(err.hint).toMatch(/skip_missing_scopes/);
  });

  it('skips such streams with a warning when skip_missing_scopes is set', async () => {
    const h = await open(SCOPED, { skip_missing_scopes: true });
    const { batches } = await runStream(h, 'deals');
    expect(batches).toHaveLength(0);
    expect(h.logs.some((l) => /warn: skipping stream deals: .*crm\.objects\.deals\.read/.test(l))).toBe(true);
    await runStream(h, 'properties', { mode: 'full' });
    const objects = new Set([...h.tables.get('properties')!.values()].map((r) => r.object_type));
    expect([...objects]).toEqual(['contacts']);
  });
});

describe('check', () => {
  it('shows the account, the daily usage and each stream’s scope', async () => {
    const h = await open(SCOPED);
    const req = (name: string) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental' as const, state: undefined });
    const res = await h.conn.check!([req('contacts'), req('deals')]);
    outputs.push(JSON.stringify(res));
    const text = res.details.map((d) => `${d.label}: ${d.value} ${d.ok}`).join('\n');
    expect(text).toMatch(/account: portal \d+, time zone Europe\/Berlin/);
    expect(text).toMatch(/daily API calls: [\d,]+ of [\d,]+ left/);
    expect(text).toMatch(/stream contacts: scope granted.* true/);
    expect(text).toMatch(/stream deals: missing scope: needs crm\.objects\.deals\.read false/);
    expect(res.ok).toBe(false);
  });

  it('reports a rejected token as a failed line', async () => {
    const h = await open(SCOPED);
    const wrong = openHubSpot(makeConfig(sim.url, WRONG), h.ctx);
    const res = await wrong.check!([]);
    outputs.push(JSON.stringify(res));
    expect(res.ok).toBe(false);
    expect(res.details[0]!.value).toMatch(/rejected the token/);
  });
});
