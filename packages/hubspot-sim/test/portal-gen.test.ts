// The seedable portal generator: reproducible, varied across seeds, and its truth matches what the
// simulator answers on every endpoint.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimOptions, type Simulator, describePortal, generatePortal, portalTruth, startSimulator } from '../src/index.ts';
import { FaultInjector } from '../src/http/faults.ts';
import { call, listAll } from './helpers.ts';

const TINY = { contacts: 40, companies: 12, deals: 15, tickets: 8, products: 5, line_items: 10, quotes: 4, calls: 6, emails: 6, meetings: 5, notes: 6, tasks: 5 };
/** A generated portal made fast to test: tiny, no limits, no latency. */
const fast = (seed: number): SimOptions => ({ ...generatePortal(seed), counts: TINY, rateLimits: false, latencyMs: 0 });

let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function start(opts: SimOptions): Promise<Simulator> {
  const sim = await startSimulator({ port: 0, ...opts });
  sims.push(sim);
  return sim;
}

describe('generatePortal', () => {
  it('varies every UNCONFIRMED API answer across seeds, each value of it on some portal', () => {
    const seen = new Map<string, Set<unknown>>();
    for (let seed = 1; seed <= 200; seed++) {
      for (const [k, v] of Object.entries(generatePortal(seed).behaviour ?? {})) seen.set(k, (seen.get(k) ?? new Set()).add(v));
    }
    expect([...seen.keys()].sort()).toEqual(
      ['alwaysIncludeSystemProps', 'analyticsShape', 'archivedFormSubmissions', 'associationBatchMaxInputs', 'associationLabelPaths', 'associationNoneAnswer', 'campaignSort', 'eventsPortalWide', 'listCursor', 'listOrder', 'listOverLimit', 'listSearchProperties', 'mergedAppearArchived', 'nullForMissing', 'propertiesParam', 'readMergedReturnsPrimary', 'restoreBumpsModified', 'schemaPaths', 'searchlessObjects', 'searchPolicyName', 'secondlyHeaders', 'userPaths', 'v4NumericIds'].sort(),
    );
    expect(seen.get('schemaPaths')).toEqual(new Set(['both', 'current', 'legacy']));
    expect(seen.get('associationLabelPaths')).toEqual(new Set(['both', 'docs', 'spec']));
    expect(seen.get('campaignSort')).toEqual(new Set(['honoured', 'ignored', 'rejected']));
    expect(seen.get('userPaths')).toEqual(new Set(['both', 'docs', 'spec']));
    expect(seen.get('analyticsShape')).toEqual(new Set(['by-date', 'totals']));
    for (const [k, values] of seen) expect(values.size, k).toBeGreaterThan(1);
  });

  it('varies the page and batch maxima HubSpot does not document', () => {
    const portals = Array.from({ length: 200 }, (_, i) => generatePortal(i + 1));
    expect(new Set(portals.map((p) => p.emailCampaigns?.maxLimit))).toEqual(new Set([500, 250, 100]));
    expect(new Set(portals.map((p) => p.marketingSettings?.subscriptionBatchMax))).toEqual(new Set([100, 50]));
  });

  it('same seed, same portal: equal options and byte-identical pages', async () => {
    expect(generatePortal(42)).toEqual(generatePortal(42));
    expect(describePortal(generatePortal(42))).toBe(describePortal(generatePortal(42)));
    const [a, b] = [await start(fast(42)), await start(fast(42))];
    for (const path of ['/crm/v3/properties/contacts', '/crm/v3/objects/contacts?limit=20&properties=email,firstname,custom_text_1,hs_analytics_source']) {
      const [x, y] = [await call(a, path), await call(b, path)];
      expect(x.status).toBe(200);
      const stable = (t: string) => t.replace(/"correlationId":"[^"]+"/g, '').replace(/http:\/\/127\.0\.0\.1:\d+/g, '');
      expect(stable(x.text)).toBe(stable(y.text));
    }
    expect(generatePortal(43)).not.toEqual(generatePortal(42));
  });

  it('varies every dimension across 200 seeds', () => {
    const ports = Array.from({ length: 200 }, (_, i) => generatePortal(i + 1));
    const distinct = (f: (o: SimOptions) => unknown) => new Set(ports.map((o) => JSON.stringify(f(o)))).size;
    const answers = new Set(ports.flatMap((o) => Object.values(o.absentObjects ?? {})));
    expect([...answers].sort()).toEqual([400, 403, 404]);
    expect(distinct((o) => Object.keys(o.absentObjects ?? {}).length)).toBeGreaterThanOrEqual(3);
    expect(new Set(ports.flatMap((o) => Object.keys(o.absentObjects ?? {}))).size).toBeGreaterThanOrEqual(8);
    expect(ports.filter((o) => (o.withoutMergedIds ?? []).length > 0).length).toBeGreaterThan(40);
    expect(ports.filter((o) => (o.withoutMergedIds ?? []).includes('contacts')).length).toBeGreaterThan(5);
    expect(distinct((o) => o.customProperties)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...ports.map((o) => o.customProperties ?? 0))).toBeGreaterThanOrEqual(300);
    expect(distinct((o) => o.unusualProperties)).toBe(2);
    expect(distinct((o) => o.calculatedProperties)).toBeGreaterThanOrEqual(3);
    expect(distinct((o) => o.idLayout?.kind)).toBe(3);
    expect(distinct((o) => o.idLayout)).toBeGreaterThanOrEqual(8);
    expect(ports.filter((o) => (o.idOffset ?? 0) >= 2 ** 31).length).toBeGreaterThan(30);
    expect(distinct((o) => o.latencyMs)).toBeGreaterThanOrEqual(8);
    expect(ports.some((o) => typeof o.latencyMs === 'object' && 'p99' in o.latencyMs && o.latencyMs.p99 >= o.latencyMs.p50 * 10)).toBe(true);
    expect(distinct((o) => o.rateLimitHeaders)).toBe(5);
    expect(ports.filter((o) => o.tokenScopes).length).toBeGreaterThan(40);
    expect(ports.filter((o) => !o.tokenScopes).length).toBeGreaterThan(40);
    expect(distinct((o) => o.tokenScopes)).toBeGreaterThanOrEqual(20);
    expect(distinct((o) => o.customObjects?.length)).toBeGreaterThanOrEqual(3);
    for (const k of ['marketingEmails', 'emailEvents', 'analytics'] as const) expect(distinct((o) => o.accountLacks?.[k])).toBe(3);
    expect(distinct((o) => o.profile)).toBe(2);
    expect(distinct((o) => o.tier)).toBe(3);
    // And the truth varies with them: some portals serve everything, many lack something.
    const unavailable = ports.map((o) => Object.values(portalTruth(o).streams).filter((s) => !s.available).length);
    // Every dimension added (lists, campaigns, further objects, …) makes a portal lacking nothing rarer.
    expect(unavailable.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(unavailable.filter((n) => n > 0).length).toBeGreaterThan(100);
  });
});

/** The endpoint each stream's availability is decided by (what a client calls first). */
function probe(stream: string, truth: ReturnType<typeof portalTruth>): { method?: string; path: string; body?: unknown } | undefined {
  if (truth.objects[stream]) return { path: `/crm/v3/objects/${stream}?limit=1` };
  const pair = /^([a-z_]+)_to_([a-z_]+)$/.exec(stream);
  if (pair) return { path: `/crm/v4/associations/${pair[1]}/${pair[2]}/batch/read`, body: { inputs: [{ id: '1' }] } };
  switch (stream) {
    case 'owners':
      return { path: '/crm/v3/owners' };
    case 'marketing_emails':
      return { path: '/marketing/v3/emails' };
    case 'email_events':
      return { path: '/email/public/v1/events' };
    case 'analytics':
      return { path: '/analytics/v2/reports/totals/daily?start=20260501&end=20260502' };
    default:
      return undefined;
  }
}

describe('portalTruth matches what the simulator answers', () => {
  it('on 25 generated portals: every stream endpoint answers 200 exactly when the truth says available, else its status', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const opts = fast(seed);
      const truth = portalTruth(opts);
      const sim = await start(opts);
      for (const [stream, t] of Object.entries(truth.streams)) {
        const req = probe(stream, truth);
        if (!req) continue;
        const res = await call(sim, req.path, req.body === undefined ? {} : { body: req.body });
        const expected = t.available ? [200, 207] : [t.status];
        expect(expected, `seed ${seed}, ${stream}: ${res.status} ${res.text.slice(0, 200)}\n${describePortal(opts)}`).toContain(res.status);
        if (!t.available && t.status === 403 && t.reason.includes('MISSING_SCOPES')) expect(res.body.category).toBe('MISSING_SCOPES');
      }
      for (const [type, t] of Object.entries(truth.mergedIds)) {
        if (!truth.objects[type]!.available) continue;
        const names = ((await call(sim, `/crm/v3/properties/${type}`)).body.results as { name: string }[]).map((p) => p.name);
        expect(names.includes('hs_merged_object_ids'), `seed ${seed} ${type}`).toBe(t.available);
      }
      await sim.close();
      sims = sims.filter((s) => s !== sim);
    }
  }, 120_000);
});

describe('absent object types', () => {
  it('answer their chosen status on properties, list, read, search, batch read, associations and pipelines', async () => {
    const sim = await start({ counts: TINY, rateLimits: false, absentObjects: { quotes: 400, tickets: 403, products: 404 } });
    const cases: [string, string, unknown?][] = [];
    for (const t of ['quotes', 'tickets', 'products', '0-5']) {
      cases.push(
        [t, `/crm/v3/properties/${t}`],
        [t, `/crm/v3/objects/${t}?limit=10`],
        [t, `/crm/v3/objects/${t}/1`],
        [t, `/crm/v3/objects/${t}/search`, { limit: 1 }],
        [t, `/crm/v3/objects/${t}/batch/read`, { inputs: [{ id: '1' }] }],
        [t, `/crm/v4/associations/${t}/contacts/batch/read`, { inputs: [{ id: '1' }] }],
        [t, `/crm/v4/associations/contacts/${t}/batch/read`, { inputs: [{ id: '100000001' }] }],
        [t, `/crm/v4/associations/contacts/${t}/labels`],
        [t, `/crm/v3/objects/contacts/100000001/associations/${t}`],
        [t, `/crm/v4/objects/contacts/100000001/associations/${t}`],
        [t, `/crm/v3/pipelines/${t}`],
      );
    }
    const expected: Record<string, number> = { quotes: 400, tickets: 403, '0-5': 403, products: 404 };
    for (const [t, path, body] of cases) {
      const res = await call(sim, path, body === undefined ? {} : { body });
      expect(res.status, `${path}: ${res.text}`).toBe(expected[t]);
      if (expected[t] === 400) expect(res.body.message).toBe(`Unable to infer object type from: ${t}`);
    }
    // Present types are untouched, and absent ones are not associated with anything.
    expect((await call(sim, '/crm/v3/objects/deals?limit=1')).status).toBe(200);
    expect((await call(sim, '/crm/v3/schemas')).status).toBe(200);
    expect(() => sim.control.truth('quotes')).toThrow(/absent from this portal/);
  });
});

describe('id layouts', () => {
  it.each([
    ['clustered past 2^31', { idLayout: { kind: 'clustered', clusterSize: 7, gap: 50_000 }, idOffset: 2 ** 31 }],
    ['sparse past 10^12', { idLayout: { kind: 'sparse', stride: 100 }, idOffset: 1e12 }],
    ['dense', { idLayout: { kind: 'dense' }, idOffset: 0 }],
  ] satisfies [string, SimOptions][])('%s: list, read, cursors and id-range search agree', async (_name, layout) => {
    const sim = await start({ counts: { ...TINY, contacts: 60 }, rateLimits: false, ...layout });
    const all = await listAll(sim, '/crm/v3/objects/contacts?limit=7');
    const ids = all.map((r) => Number(r.id));
    expect(ids).toHaveLength(60);
    for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
    if (layout.idOffset) expect(ids[0]!).toBeGreaterThan(layout.idOffset);
    const gaps = new Set(ids.slice(1).map((id, i) => id - ids[i]!));
    expect(gaps.size).toBe(layout.idLayout.kind === 'clustered' ? 2 : 1);
    expect((await call(sim, `/crm/v3/objects/contacts/${ids[33]}`)).body.id).toBe(String(ids[33]));
    // The id after the 7th record is the next record only when ids are dense (clusters here hold 7).
    expect((await call(sim, `/crm/v3/objects/contacts/${ids[6]! + 1}`)).status).toBe(layout.idLayout.kind === 'dense' ? 200 : 404);
    const [lo, hi] = [ids[10]!, ids[40]!];
    const found = await call(sim, '/crm/v3/objects/contacts/search', {
      body: { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GTE', value: String(lo) }, { propertyName: 'hs_object_id', operator: 'LT', value: String(hi) }] }], limit: 100, sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] },
    });
    expect(found.body.results.map((r: { id: string }) => Number(r.id))).toEqual(ids.slice(10, 40));
    const created = sim.control.create('contacts', { firstname: 'New' });
    expect(Number(created)).toBeGreaterThan(ids[59]!);
  });
});

describe('latency, headers, scopes, account features', () => {
  it('p50/p99 latency is seeded log-normal with the asked tail', () => {
    const sample = (seed: number) => {
      const f = new FaultInjector(seed, undefined, { p50: 10, p99: 200 });
      return Array.from({ length: 20_000 }, () => f.delayMs()).sort((a, b) => a - b);
    };
    const d = sample(3);
    expect(d[10_000]!).toBeGreaterThan(9);
    expect(d[10_000]!).toBeLessThan(11);
    expect(d[19_800]!).toBeGreaterThan(160);
    expect(d[19_800]!).toBeLessThan(250);
    expect(sample(3)).toEqual(d);
  });

  it.each([
    ['standard', 'X-HubSpot-RateLimit-Max', true],
    ['lowercase', 'x-hubspot-ratelimit-max', true],
    ['uppercase', 'X-HUBSPOT-RATELIMIT-MAX', true],
    ['none', 'X-HubSpot-RateLimit-Max', false],
    ['no-daily', 'X-HubSpot-RateLimit-Max', true],
  ] as const)('rate-limit headers %s: sends %s on the wire (%s)', async (style, name, present) => {
    const sim = await start({ counts: TINY, rateLimitHeaders: style });
    const raw = await new Promise<string[]>((resolve, reject) => {
      const req = request(`${sim.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${sim.token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.rawHeaders));
      });
      req.on('error', reject);
      req.end();
    });
    const names = raw.filter((_, i) => i % 2 === 0);
    expect(names.includes(name)).toBe(present);
    expect(names.some((n) => /daily/i.test(n))).toBe(style !== 'none' && style !== 'no-daily');
  });

  it('a partial-scope token gets MISSING_SCOPES where it lacks them; an account without Marketing Hub gets 403/404', async () => {
    const opts: SimOptions = { counts: TINY, rateLimits: false, tokenScopes: ['crm.objects.contacts.read', 'crm.objects.owners.read', 'content'], accountLacks: { marketingEmails: 403, analytics: 404 } };
    const sim = await start(opts);
    expect((await call(sim, '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    const deals = await call(sim, '/crm/v3/objects/deals?limit=1');
    expect(deals.status).toBe(403);
    expect(deals.body.category).toBe('MISSING_SCOPES');
    expect(deals.body.errors[0].context.requiredGranularScopes).toContain('crm.objects.deals.read');
    expect((await call(sim, '/marketing/v3/emails')).status).toBe(403);
    expect((await call(sim, '/email/public/v1/events')).status).toBe(200);
    expect((await call(sim, '/analytics/v2/reports/totals/daily')).status).toBe(403); // scope first
    const truth = portalTruth(opts);
    expect(truth.streams.deals).toMatchObject({ available: false, status: 403 });
    expect(truth.streams.marketing_emails).toMatchObject({ available: false, status: 403 });
    expect(truth.streams.analytics).toMatchObject({ available: false, status: 403 });
    expect(truth.streams.email_events).toEqual({ available: true });
    expect(truth.streams.contacts_to_companies).toEqual({ available: true });
    expect(truth.streams.deals_to_contacts).toMatchObject({ available: false, status: 403 });
  });

  it('unusual and derived properties carry the flags clients must read', async () => {
    const sim = await start({ counts: TINY, rateLimits: false, unusualProperties: true, calculatedProperties: 10, withoutMergedIds: ['deals'] });
    const props = (await call(sim, '/crm/v3/properties/deals')).body.results as any[];
    const by = new Map(props.map((p) => [p.name, p]));
    expect(by.has('hs_merged_object_ids')).toBe(false);
    expect(by.get('hs_geo_coordinates').type).toBe('object_coordinates');
    expect(by.get('integration_payload').type).toBe('json');
    expect(by.get('contract_file').fieldType).toBe('file');
    expect(by.get('empty_dropdown').options).toEqual([]);
    expect(props.filter((p) => p.calculated && p.calculationFormula).length).toBeGreaterThanOrEqual(2);
    expect(props.filter((p) => !p.calculated && p.fieldType.startsWith('calculation_')).length).toBeGreaterThanOrEqual(6);
    const page = await call(sim, `/crm/v3/objects/deals?limit=15&properties=integration_payload,hs_geo_coordinates,derived_score_1`);
    const values = page.body.results.map((r: any) => r.properties);
    expect(values.some((v: any) => v.integration_payload && typeof JSON.parse(v.integration_payload) === 'object')).toBe(true);
    expect(values.every((v: any) => /^\d+$/.test(v.derived_score_1))).toBe(true);
  });
});
