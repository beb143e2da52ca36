// `pipe check` speaks the private app's scope names: per selected stream the names to grant, and,
// given the list a person pasted (`--scopes`), which streams it leaves out and which names are
// not HubSpot's (names people are told, like marketing.emails.read, and typos).
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STREAMS } from '../src/catalog.ts';
import { HUBSPOT_SCOPES, TOLD_SCOPES, isKnownScope, parseScopeList, reviewScopes } from '../src/scopes.ts';
import { makeConfig, openHarness } from './harness.ts';

const TOKEN = 'pat-na1-fake-scope-names-0001';
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 53,
    counts: { contacts: 20, companies: 5 },
    rateLimits: false,
    customProperties: 0,
    customObjects: [{ name: 'cars', count: 3 }],
    tokens: { [TOKEN]: { scopes: ['crm.objects.contacts.read', 'crm.objects.companies.read', 'content', 'crm.objects.custom.read', 'crm.schemas.custom.read'] } },
  });
});
afterAll(() => sim.close());

describe('the scope table', () => {
  it('knows every scope a stream in the catalog names (a new stream adds its row)', () => {
    const unknown = ALL_STREAMS.flatMap((s) => s.scopes.map((scope) => `${s.name}: ${scope}`)).filter((x) => !(x.split(': ')[1]! in HUBSPOT_SCOPES));
    expect(unknown).toEqual([]);
    // Custom objects (resolved per account) need these.
    expect(HUBSPOT_SCOPES['crm.objects.custom.read']).toBeDefined();
    // A told name is never a real one too.
    expect(Object.keys(TOLD_SCOPES).filter((n) => isKnownScope(n))).toEqual([]);
  });

  it('reads a pasted list: commas, spaces, newlines, quotes', () => {
    expect(parseScopeList('crm.objects.contacts.read, "content"\n  forms;tickets')).toEqual(['crm.objects.contacts.read', 'content', 'forms', 'tickets']);
    expect(parseScopeList(['["a", "b"]', 'a'])).toEqual(['a', 'b']);
  });

  it('says what is missing, which names are told-but-wrong and which are typos, and the fewest names to add', () => {
    const needs = [
      { stream: 'contacts', scopes: ['crm.objects.contacts.read'] },
      { stream: 'marketing_emails', scopes: ['marketing.email.read', 'content'] },
      { stream: 'analytics', scopes: ['business-intelligence'] },
      { stream: 'products', scopes: ['crm.objects.products.read', 'e-commerce'] },
      { stream: 'line_items', scopes: ['crm.objects.line_items.read', 'e-commerce'] },
      { stream: 'deals', scopes: ['crm.objects.deals.read'] },
    ];
    const r = reviewScopes(['crm.objects.contacts.read', 'marketing.emails.read', 'Reports.Read', 'crm.objects.deal.read', 'crm.objects.contacts.write', 'no.such.thing'], needs);
    expect(r.told.map((t) => [t.name, t.instead])).toEqual([
      ['marketing.emails.read', ['marketing.email.read']],
      ['Reports.Read', ['business-intelligence']],
    ]);
    expect(r.unknown).toEqual([{ name: 'crm.objects.deal.read', suggestion: 'crm.objects.deals.read' }, { name: 'no.such.thing' }]);
    expect(r.missing.map((m) => m.stream)).toEqual(['marketing_emails', 'analytics', 'products', 'line_items', 'deals']);
    // e-commerce covers products and line items with one name.
    expect(r.toGrant).toEqual(['marketing.email.read', 'business-intelligence', 'e-commerce', 'crm.objects.deals.read']);
    expect(reviewScopes(['crm.objects.contacts.read'], needs.slice(0, 1))).toEqual({ unknown: [], told: [], missing: [], toGrant: [] });
  });
});

describe('pipe check', () => {
  const STREAMS = ['contacts', 'marketing_emails', 'analytics', 'contacts_to_companies', 'deals', 'cars'];
  const check = async (scopes?: string[]) => {
    const h = await openHarness(makeConfig(sim.url, TOKEN, { skip_missing_scopes: true }));
    const req = (name: string) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental' as const, state: undefined });
    const res = await h.conn.check!(STREAMS.map(req), scopes ? { scopes } : undefined);
    return (label: string) => res.details.find((d) => d.label === label);
  };

  it('names the scopes the selected streams need as the Scopes screen lists them', async () => {
    const line = await check();
    expect(line('scopes to grant')).toEqual({
      label: 'scopes to grant',
      value: 'crm.objects.contacts.read [CRM], marketing.email.read [Marketing], business-intelligence [Reporting], crm.objects.deals.read [CRM], crm.objects.custom.read [CRM]',
      ok: true,
    });
    expect(line('your scopes')).toBeUndefined();
  });

  it('with a pasted list: what it leaves out, names HubSpot does not list, and a token that disagrees with the list', async () => {
    const line = await check(['crm.objects.contacts.read, marketing.emails.read reports.read crm.objects.custom.raed crm.objects.deals.read']);
    expect(line('scope marketing.emails.read')).toMatchObject({ value: 'not a HubSpot scope: HubSpot spells it singular: marketing.email.read (or the older content); grant marketing.email.read', ok: false });
    expect(line('scope reports.read')?.value).toMatch(/^not a HubSpot scope: HubSpot has no reports\.read .*; grant business-intelligence$/);
    expect(line('scope crm.objects.custom.raed')).toMatchObject({ value: 'not a scope HubSpot lists, as far as pipe knows; did you mean crm.objects.custom.read?', ok: false });
    expect(line('your scopes')).toMatchObject({
      value: 'leave out marketing_emails, analytics, cars: add marketing.email.read [Marketing], business-intelligence [Reporting], crm.objects.custom.read [CRM]',
      ok: false,
    });
    // The list says deals, the token (the simulator's truth) does not.
    expect(line('stream deals')?.value).toMatch(/missing scope: needs crm\.objects\.deals\.read \(will be skipped\); your --scopes list has it: is HUBSPOT_TOKEN the token of that app\?/);
    // What the token really has is still probed per stream.
    expect(line('stream marketing_emails')?.value).toMatch(/^scope granted/);
  });

  it('a complete list is confirmed', async () => {
    const line = await check(['crm.objects.contacts.read', 'content', 'business-intelligence', 'crm.objects.deals.read', 'crm.objects.custom.read']);
    expect(line('your scopes')).toEqual({ label: 'your scopes', value: 'cover every selected stream', ok: true });
  });
});
