// Lists, list memberships, forms and form submissions against the simulator's truth: full, then
// incremental after changes of each kind (members joining and leaving, lists renamed and deleted,
// new submissions), paging past the API's page limits, and what the portal may refuse.
import { MalformedPageError } from '@pipe/hubspot-api';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';

const HOUR = 3_600_000;
/** No client-side burst budget (with rateLimits off the simulator sends no limit headers to override it): these tests count calls, not time. */
const cfg = (url: string, token: string, extra: Parameters<typeof makeConfig>[2] = {}) => makeConfig(url, token, { tier: 'unlimited', ...extra });
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, counts: { contacts: 400, companies: 30, deals: 30 }, rateLimits: false, customProperties: 0 });
});
afterAll(() => sim.close());

const rows = (h: Harness, stream: string): Row[] => [...(h.tables.get(stream)?.values() ?? [])];
const emitted = (batches: { rows: Row[] }[]) => batches.flatMap((b) => b.rows);
/** Calls per simulator route while `fn` runs. */
async function counting(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  sim.control.resetStats();
  await fn();
  return sim.control.stats().byRoute;
}

/** The current memberships the table says (rows not marked as left), as truth shows them. */
function currentMembers(h: Harness): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const r of rows(h, 'list_memberships')) {
    if (r.archived) continue;
    (out[r.list_id as string] ??= {})[r.record_id as string] = (r.added_at as Date).toISOString();
  }
  return out;
}
function truthMembers(): Record<string, Record<string, string>> {
  return Object.fromEntries(sim.control.listsTruth().filter((l) => l.size > 0).map((l) => [l.listId, l.members]));
}

describe('lists', () => {
  it('reads every list with its processing type, object type and size; then only what changed, and deleted lists as tombstones', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    await runStream(h, 'lists');
    const truth = sim.control.listsTruth();
    const got = rows(h, 'lists');
    expect(got.map((r) => r.list_id).sort()).toEqual(truth.map((l) => l.listId).sort());
    for (const t of truth) {
      const r = got.find((x) => x.list_id === t.listId)!;
      expect({ name: r.name, type: r.object_type_id, processing: r.processing_type, size: r.size }).toEqual({ name: t.name, type: t.objectTypeId, processing: t.processingType, size: t.size });
    }
    expect(new Set(got.map((r) => r.processing_type))).toEqual(new Set(['MANUAL', 'DYNAMIC', 'SNAPSHOT']));
    expect(new Set(got.map((r) => r.object_type))).toEqual(new Set(['contacts', 'companies', 'deals']));
    expect(got[0]!.created_at).toBeInstanceOf(Date);

    // Nothing changed: nothing emitted.
    expect(emitted((await runStream(h, 'lists')).batches)).toEqual([]);

    const [renamed, grown, deleted] = truth.filter((l) => l.objectTypeId === '0-1');
    sim.control.listRename(renamed!.listId, 'Renamed list');
    const joiner = sim.control.truth('contacts').find((c) => !(c.id in grown!.members))!;
    sim.control.listAdd(grown!.listId, [joiner.id]);
    sim.control.listDelete(deleted!.listId);
    const created = sim.control.listCreate({ name: 'New list', processingType: 'SNAPSHOT' });
    const changed = emitted((await runStream(h, 'lists')).batches);
    expect(changed.map((r) => r.list_id).sort()).toEqual([renamed!.listId, grown!.listId, deleted!.listId, created].sort());
    expect(changed.find((r) => r.list_id === deleted!.listId)).toMatchObject({ archived: true });
    expect(changed.find((r) => r.list_id === deleted!.listId)!.deleted_at).toBeInstanceOf(Date);
    const live = rows(h, 'lists').filter((r) => !r.archived);
    const now = sim.control.listsTruth();
    expect(live.map((r) => `${r.list_id} ${r.name} ${r.size}`).sort()).toEqual(now.map((l) => `${l.listId} ${l.name} ${l.size}`).sort());
  });

  it('pages the search past 500 lists, the documented maximum per call', async () => {
    const many = await startSimulator({ port: 0, seed: 42, counts: { contacts: 30, companies: 5, deals: 5 }, rateLimits: false, customProperties: 0, lists: 1030 });
    try {
      const h = await openHarness(cfg(many.url, many.token), { selected: { lists: {} } });
      many.control.resetStats();
      await runStream(h, 'lists');
      expect(h.tables.get('lists')!.size).toBe(1030);
      expect(many.control.stats().byRoute['lists.search']).toBe(3);
    } finally {
      await many.close();
    }
  });
});

describe('list memberships', () => {
  it('full read equals the truth, paging a list past 250 members; an unchanged run reads no members', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    const calls = await counting(() => runStream(h, 'list_memberships'));
    expect(currentMembers(h)).toEqual(truthMembers());
    const lists = sim.control.listsTruth();
    const big = lists.filter((l) => l.size > 250).length;
    expect(big).toBeGreaterThan(0);
    expect(calls['lists.memberships']).toBe(lists.length + big);
    const again = await counting(() => runStream(h, 'list_memberships'));
    expect(again['lists.memberships'] ?? 0).toBe(0);
    expect(again['lists.search']).toBe(1);
  });

  it('incremental: re-reads only lists whose members moved, marks leavers, and stays exact', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    await runStream(h, 'list_memberships');
    const lists = sim.control.listsTruth().filter((l) => l.objectTypeId === '0-1' && l.size > 2);
    const manual = lists.find((l) => l.processingType === 'MANUAL')!;
    const dynamic = lists.find((l) => l.processingType === 'DYNAMIC')!;
    const contacts = sim.control.truth('contacts');
    // MANUAL: one joins, one leaves (same size: only the last added/removed times move).
    const leaver = Object.keys(manual.members)[0]!;
    const joiner = contacts.find((c) => !(c.id in manual.members))!.id;
    sim.control.advanceClock(1000);
    sim.control.listAdd(manual.listId, [joiner]);
    sim.control.listRemove(manual.listId, [leaver]);
    // DYNAMIC: HubSpot re-evaluated it and two records left.
    const dropped = Object.keys(dynamic.members).slice(-2);
    sim.control.listRemove(dynamic.listId, dropped);
    const { batches, calls } = await (async () => {
      let out!: Awaited<ReturnType<typeof runStream>>;
      const c = await counting(async () => (out = await runStream(h, 'list_memberships')));
      return { batches: out.batches, calls: c };
    })();
    const pages = (l: { size: number }) => Math.max(1, Math.ceil(l.size / 250));
    const now = sim.control.listsTruth();
    expect(calls['lists.memberships']).toBe(pages(now.find((l) => l.listId === manual.listId)!) + pages(now.find((l) => l.listId === dynamic.listId)!));
    const left = emitted(batches).filter((r) => r.archived);
    expect(left.map((r) => `${r.list_id}:${r.record_id}`).sort()).toEqual([`${manual.listId}:${leaver}`, ...dropped.map((id) => `${dynamic.listId}:${id}`)].sort());
    expect(left.every((r) => r.removed_at instanceof Date)).toBe(true);
    expect(currentMembers(h)).toEqual(truthMembers());
    // A record that rejoins is a member again.
    sim.control.listAdd(manual.listId, [leaver]);
    await runStream(h, 'list_memberships');
    expect(currentMembers(h)).toEqual(truthMembers());
  });

  it('a server that returns only the additionalProperties asked for (UNCONFIRMED): sizes are read, and members who leave are seen the next run', async () => {
    const other = await startSimulator({ port: 0, seed: 41, counts: { contacts: 400, companies: 30, deals: 30 }, rateLimits: false, customProperties: 0, behaviour: { listSearchProperties: 'requested' } });
    try {
      const h = await openHarness(cfg(other.url, other.token));
      await runStream(h, 'lists');
      await runStream(h, 'list_memberships');
      const truth = other.control.listsTruth();
      expect(rows(h, 'lists').map((r) => `${r.list_id} ${r.size}`).sort()).toEqual(truth.map((l) => `${l.listId} ${l.size}`).sort());
      // HubSpot re-evaluated a DYNAMIC list and two records left: neither its updatedAt nor its version moves.
      const dynamic = truth.find((l) => l.processingType === 'DYNAMIC' && l.size > 2)!;
      const dropped = Object.keys(dynamic.members).slice(-2);
      other.control.advanceClock(1000);
      other.control.listRemove(dynamic.listId, dropped);
      const { batches } = await runStream(h, 'list_memberships');
      expect(emitted(batches).filter((r) => r.archived).map((r) => `${r.list_id}:${r.record_id}`).sort()).toEqual(dropped.map((id) => `${dynamic.listId}:${id}`).sort());
    } finally {
      await other.close();
    }
  });

  it('a deleted list and an archived member leave; list_refresh_hours re-reads every list; a crash resumes at the next list', async () => {
    let clock = Date.parse('2026-06-01T12:00:00Z');
    const h = await openHarness(cfg(sim.url, sim.token), { now: () => clock });
    await runStream(h, 'list_memberships');
    const lists = sim.control.listsTruth().filter((l) => l.objectTypeId === '0-1' && l.size > 0);
    const [doomed, other] = lists;
    sim.control.listDelete(doomed!.listId);
    const archivedContact = Object.keys(other!.members)[0]!;
    sim.control.archive('contacts', archivedContact);
    const { batches } = await runStream(h, 'list_memberships');
    const left = emitted(batches).filter((r) => r.archived);
    expect(left.filter((r) => r.list_id === doomed!.listId).map((r) => r.record_id).sort()).toEqual(Object.keys(doomed!.members).sort());
    expect(left.some((r) => r.list_id === other!.listId && r.record_id === archivedContact)).toBe(true);
    expect(currentMembers(h)).toEqual(truthMembers());

    // A week later every list is read again, whether or not it moved.
    clock += 168 * HOUR;
    const all = sim.control.listsTruth();
    const refresh = await counting(() => runStream(h, 'list_memberships', { stopAfter: 2 }));
    expect(refresh['lists.memberships']).toBeGreaterThanOrEqual(2);
    const rest = await counting(() => runStream(h, 'list_memberships'));
    const total = all.reduce((n, l) => n + Math.max(1, Math.ceil(l.size / 250)), 0);
    // The resumed run reads only the lists the interrupted one had not committed.
    expect((refresh['lists.memberships'] ?? 0) + (rest['lists.memberships'] ?? 0)).toBeLessThanOrEqual(total + 2);
    expect(rest['lists.memberships']).toBeLessThan(total);
    expect(currentMembers(h)).toEqual(truthMembers());
    const zero = await counting(() => runStream(h, 'list_memberships', { options: { list_refresh_hours: 0 } }));
    expect(zero['lists.memberships']).toBe(total);
  });
});

describe('forms', () => {
  it('reads every form of every type, archived ones included', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    await runStream(h, 'forms');
    const truth = sim.control.formsTruth();
    const got = rows(h, 'forms');
    expect(got.map((r) => `${r.id} ${r.form_type} ${r.archived}`).sort()).toEqual(truth.map((f) => `${f.id} ${f.formType} ${f.archived}`).sort());
    expect(got.find((r) => r.form_type === 'hubspot')!.field_names).toContain('email');
    expect(got.find((r) => r.archived)!.archived_at).toBeInstanceOf(Date);
  });
});

describe('form submissions', () => {
  const truthSubmissions = () =>
    sim.control
      .formsTruth()
      .filter((f) => f.formType !== 'blog_comment')
      .flatMap((f) => f.submissions.map((s) => `${f.id} ${s.conversionId} ${s.submittedAt}`))
      .sort();
  const table = (h: Harness) => rows(h, 'form_submissions').map((r) => `${r.form_id} ${r.conversion_id} ${(r.submitted_at as Date).getTime()}`).sort();

  it('full read equals the truth, paging a form past 50 submissions; blog comment forms are never asked', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    const forms = sim.control.formsTruth();
    const readable = forms.filter((f) => f.formType !== 'blog_comment');
    const calls = await counting(() => runStream(h, 'form_submissions'));
    expect(table(h)).toEqual(truthSubmissions());
    expect(Math.max(...readable.map((f) => f.submissions.length))).toBeGreaterThan(50);
    expect(calls['forms.submissions']).toBe(readable.reduce((n, f) => n + Math.max(1, Math.ceil(f.submissions.length / 50)), 0));
    const first = rows(h, 'form_submissions')[0]!;
    expect(first.email).toMatch(/@/);
    expect(Array.isArray(first.values)).toBe(true);
  });

  it('incremental: one call per form, only new submissions (and the lookback), archived forms not read again', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    await runStream(h, 'form_submissions');
    const forms = sim.control.formsTruth();
    const target = forms[0]!;
    sim.control.advanceClock(3_600_000);
    const id = sim.control.formSubmit(target.id, { email: 'late@example.com', firstname: 'Late' });
    let out!: Awaited<ReturnType<typeof runStream>>;
    const calls = await counting(async () => (out = await runStream(h, 'form_submissions', { options: { lookback_minutes: 0 } })));
    const live = forms.filter((f) => f.formType !== 'blog_comment' && !f.archived);
    expect(calls['forms.submissions']).toBe(live.length);
    const got = emitted(out.batches);
    expect(got.map((r) => r.conversion_id)).toContain(id);
    // With no lookback, only each form's newest submission is read again (the stop is inclusive).
    expect(got.length).toBeLessThanOrEqual(1 + live.length);
    expect(got.find((r) => r.conversion_id === id)!.email).toBe('late@example.com');
    expect(table(h)).toEqual(truthSubmissions());
  });

  it('a server answering 404 for the submissions of archived forms (UNCONFIRMED): the live forms are read, the archived ones counted, one warning', async () => {
    const other = await startSimulator({ port: 0, seed: 41, counts: { contacts: 40 }, rateLimits: false, customProperties: 0, behaviour: { archivedFormSubmissions: 404 } });
    try {
      const forms = other.control.formsTruth().filter((f) => f.formType !== 'blog_comment');
      const archived = forms.filter((f) => f.archived);
      // Archived forms are listed after live ones: their 404s come after rows were read.
      expect(archived.length).toBeGreaterThan(0);
      const h = await openHarness(cfg(other.url, other.token), { selected: { form_submissions: {} } });
      await runStream(h, 'form_submissions');
      const live = forms.filter((f) => !f.archived).flatMap((f) => f.submissions.map((s) => `${f.id} ${s.conversionId} ${s.submittedAt}`));
      expect(table(h)).toEqual(live.sort());
      expect(h.ctx.metrics.snapshot().form_submissions?.forms_not_found).toBe(archived.length);
      expect(h.logs.filter((l) => /answered 404 to the submissions of/.test(l))).toHaveLength(1);
      // Recorded in the state: the next run asks only the live forms.
      other.control.resetStats();
      await runStream(h, 'form_submissions');
      expect(other.control.stats().byRoute['forms.submissions']).toBe(forms.length - archived.length);
    } finally {
      await other.close();
    }
  });
});

describe('what the portal may refuse', () => {
  it('without crm.lists.read and forms the default selection skips the four streams with a warning; named, they fail saying what to grant', async () => {
    const token = 'pat-na1-fake-contacts-only-0001';
    const s = await startSimulator({ port: 0, seed: 43, counts: { contacts: 10 }, rateLimits: false, customProperties: 0, tokens: { [token]: { scopes: ['crm.objects.contacts.read'] } } });
    try {
      const h = await openHarness(cfg(s.url, token));
      for (const name of ['lists', 'list_memberships', 'forms', 'form_submissions']) {
        expect((await runStream(h, name)).batches).toHaveLength(0);
        expect(h.logs.some((l) => l.includes(`skipping stream ${name} (in the default selection)`))).toBe(true);
      }
      const req = (name: string) => ({ schema: h.schemas.find((x) => x.name === name)!, options: {}, mode: 'incremental' as const, state: undefined });
      const named = await openHarness(cfg(s.url, token), { selected: { lists: {}, form_submissions: {} } });
      const check = await named.conn.check!([req('lists'), req('form_submissions')]);
      expect(check.details.find((d) => d.label === 'stream lists')!.value).toMatch(/missing scope: needs crm\.lists\.read/);
      expect(check.details.find((d) => d.label === 'stream form_submissions')!.value).toMatch(/missing scope: needs forms/);
      expect(check.ok).toBe(false);
      const err = await runStream(named, 'lists').catch((e: Error) => e);
      expect(String(err)).toMatch(/crm\.lists\.read/);
    } finally {
      await s.close();
    }
  });

  it('a malformed page is retried, then fails the stream instead of ending it short', async () => {
    const proxy = await startProxy(sim.url);
    try {
      // A JSON body of another shape (as a gateway may send), and once an HTML page.
      const wrong = JSON.stringify({ status: 'ok', message: 'accepted' });
      for (const [stream, route, body] of [
        ['list_memberships', /^POST \/crm\/v3\/lists\/search/, wrong],
        ['list_memberships', /^GET \/crm\/v3\/lists\/\d+\/memberships/, wrong],
        ['forms', /^GET \/marketing\/v3\/forms/, wrong],
        ['form_submissions', /^GET \/form-integrations\/v1\/submissions/, '<html>200 OK</html>'],
      ] as const) {
        proxy.rules.rewrite = (method, url, status) => (status === 200 && route.test(`${method} ${url}`) ? body : undefined);
        const h = await openHarness(cfg(proxy.url, sim.token, { retry_base_ms: 5 }), { selected: { [stream]: {} } });
        const err = await runStream(h, stream).catch((e) => e);
        expect(err, `${stream} ${route}`).toBeInstanceOf(MalformedPageError);
        expect(h.states.get(stream), stream).toBeUndefined();
      }
    } finally {
      await proxy.close();
    }
  });

  it('pipe plan estimates each stream: lists to re-read and member pages, forms and submissions', async () => {
    const h = await openHarness(cfg(sim.url, sim.token));
    const req = (name: string) => ({ schema: h.schemas.find((x) => x.name === name)!, options: {}, mode: 'incremental' as const, state: h.states.get(name) });
    const first = await h.conn.estimate!(['lists', 'list_memberships', 'forms', 'form_submissions'].map(req));
    const lists = sim.control.listsTruth();
    const memberCalls = lists.reduce((n, l) => n + Math.max(1, Math.ceil(l.size / 250)), 0);
    const m = first.streams.find((s) => s.stream === 'list_memberships')!;
    expect(m.calls).toBe(1 + memberCalls);
    expect(m.note).toMatch(new RegExp(`re-reads ${lists.length} list\\(s\\) \\(${lists.length} new`));
    await runStream(h, 'list_memberships');
    const again = await h.conn.estimate!([req('list_memberships')]);
    expect(again.streams[0]).toMatchObject({ calls: 1, rows: 0 });
    const sub = first.streams.find((s) => s.stream === 'form_submissions')!;
    const readable = sim.control.formsTruth().filter((f) => f.formType !== 'blog_comment').length;
    expect(sub.calls).toBe(2 + readable);
  });
});
