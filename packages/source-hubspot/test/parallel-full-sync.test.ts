// The hybrid first sync (parallel-list.ts): list from the bottom, search from the top. Every record
// exactly once, resumable from any checkpoint, changes during the run caught by the next one, a
// list out of id order is read as one plain walk instead, and old checkpoints resume as plain lists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SimOptions, type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { Batch, Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bound, rangeOf } from '../src/parallel-list.ts';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

const N = 12_000;
/** The harnesses of a test share one token's burst budget in this process (the first test keeps it); the others are about exactness, not that budget. */
const UNLIMITED = { tier: 'unlimited' } as const;
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, counts: { contacts: N, companies: 3_000, deals: 2_500, tickets: 2_400 }, rateLimits: false, customProperties: 5 });
});
afterAll(() => sim.close());

const truthOf = (s: Simulator, type: string) => [s.control.truth(type), s.control.truth(type, { archived: true })] as const;
/** Live records emitted (merge tombstones and the archived list left out). */
const liveIds = (batches: Batch[]) => batches.flatMap((b) => b.rows.filter((r: Row) => r.archived === false).map((r) => String(r.id)));
const metric = (h: Harness, stream: string, name: string) => (h.ctx.metrics.snapshot()[stream]?.[name] as number | undefined) ?? 0;
const splitOf = (state: unknown) => (state as { split?: { v: 2; w: [number, number, (string | number)?][] } }).split;

describe('parallel full sync (list from the bottom, search from the top)', () => {
  it('emits every contact exactly once, through both lanes, with small checkpoints', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const { batches } = await runStream(h, 'contacts');
    const ids = liveIds(batches);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(ids.length).toBe(sim.control.truth('contacts').length);
    expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
    // Every kind of lane did real work, and search calls are counted as search.
    const byLane = ['list', 'search', 'seek'].map((lane) => metric(h, 'contacts', `parallel_full_sync.${lane}_records`));
    for (const n of byLane) expect(n).toBeGreaterThan(N / 20);
    expect(byLane[0]! + byLane[1]! + byLane[2]!).toBe(ids.length);
    expect(metric(h, 'contacts', 'api_calls.search')).toBeGreaterThan(byLane[1]! / 200);
    // The simulator's cursors are ids (its default): no seed needed a check or a fallback.
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_gap_searches')).toBe(0);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_fallbacks')).toBe(0);
    const sizes = batches.filter((b) => b.checkpoint !== undefined).map((b) => JSON.stringify(b.checkpoint).length);
    expect(Math.max(...sizes)).toBeLessThan(600);
    expect(splitOf(batches[0]!.checkpoint)?.w.length).toBeGreaterThanOrEqual(4);
    expect(h.states.get('contacts')).toMatchObject({ phase: 'idle' });
  });

  it('a fresh first sync asks for its upper bound, its split and the daily usage at once, not one after another', async () => {
    // A slow portal for these calls, so calls made at once overlap.
    const proxy = await startProxy(sim.url, { delayMs: (_method, url) => (url.includes('/search') || url.includes('/api-usage/') ? 150 : 0) });
    try {
      const h = await openHarness(makeConfig(proxy.url, sim.token, UNLIMITED));
      await runStream(h, 'contacts', { stopAfter: 1 });
      const firstAnswer = proxy.events.findIndex((e) => e.startsWith('< ') && (e.includes('/search') || e.includes('/api-usage/')));
      const sentBefore = proxy.events.slice(0, firstAnswer).filter((e) => e.startsWith('> '));
      // The upper bound (latest change) and the split's first edge (lowest id) are out together,
      // and neither waited for the usage call.
      expect(sentBefore.filter((e) => e === '> POST /crm/v3/objects/contacts/search').length).toBe(2);
      expect(sentBefore).toContain('> GET /account-info/v3/api-usage/daily/private-apps');
    } finally {
      await proxy.close();
    }
  });

  it("asks for the archived list's first page while the live records are still being read", async () => {
    const arrived: string[] = [];
    const proxy = await startProxy(sim.url, {
      delayMs: (method, url) => {
        if (method === 'GET' && url.startsWith('/crm/v3/objects/deals?')) arrived.push(url.includes('archived=true') ? 'archived' : 'live');
        return 20;
      },
    });
    try {
      const h = await openHarness(makeConfig(proxy.url, sim.token, UNLIMITED));
      const { batches } = await runStream(h, 'deals');
      expect(arrived.indexOf('archived')).toBeGreaterThanOrEqual(0);
      expect(arrived.indexOf('archived')).toBeLessThan(arrived.lastIndexOf('live'));
      // Nothing lost or doubled by reading it early.
      const ids = liveIds(batches);
      expect(new Set(ids).size).toBe(ids.length);
      expectMatchesTruth(h, 'deals', ...truthOf(sim, 'deals'));
    } finally {
      await proxy.close();
    }
  });

  it('resumes exactly after a kill at several points', async () => {
    const whole = await runStream(await openHarness(makeConfig(sim.url, sim.token, UNLIMITED)), 'deals');
    const total = whole.batches.filter((b) => b.checkpoint !== undefined).length;
    expect(total).toBeGreaterThan(15);
    const resumedKinds = new Set<string>();
    for (const stopAt of [1, 2, 5, Math.floor(total / 2), total - 4]) {
      const h = await openHarness(makeConfig(sim.url, sim.token, UNLIMITED));
      const first = await runStream(h, 'deals', { stopAfter: stopAt });
      expect(splitOf(h.states.get('deals')), `stopped after ${stopAt}`).toBeDefined();
      // Which kinds of piece the kill left in progress: list walks mid-way (a cursor), pieces read
      // by id (search progress, or not started).
      for (const p of splitOf(h.states.get('deals'))!.w) resumedKinds.add(typeof p[2] === 'string' ? 'walk' : 'by id');
      const second = await runStream(h, 'deals');
      const ids = [...liveIds(first.batches), ...liveIds(second.batches)];
      expect(new Set(ids).size, `stopped after ${stopAt}`).toBe(ids.length);
      expect(ids.length, `stopped after ${stopAt}`).toBe(sim.control.truth('deals').length);
      expectMatchesTruth(h, 'deals', ...truthOf(sim, 'deals'));
    }
    expect(resumedKinds).toContain('by id');
    expect(resumedKinds).toContain('walk');
  });

  it('resumes exactly when killed again and again (every 3 batches)', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token, UNLIMITED));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const { batches } = await runStream(h, 'tickets', { stopAfter: 3 });
      ids.push(...liveIds(batches));
      if ((h.states.get('tickets') as { phase?: string }).phase === 'idle') break;
    }
    expect(h.states.get('tickets')).toMatchObject({ phase: 'idle' });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(sim.control.truth('tickets').length);
    expectMatchesTruth(h, 'tickets', ...truthOf(sim, 'tickets'));
  });

  it('pipe plan: the estimate is an upper bound of its calls', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token, UNLIMITED));
    const schema = h.schemas.find((x) => x.name === 'tickets')!;
    const est = (await h.conn.estimate!([{ schema, options: {}, mode: 'incremental', state: undefined }])).streams[0]!;
    const calls = () => (sim.control.stats().byRoute['objects.list'] ?? 0) + (sim.control.stats().byRoute['objects.search'] ?? 0);
    const before = calls();
    await runStream(h, 'tickets');
    const used = calls() - before;
    expect(metric(h, 'tickets', 'parallel_full_sync.search_records')).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(est.calls!);
    expect(used).toBeGreaterThan(est.calls! / 2);
  });

  it('an old checkpoint (no split) resumes as a plain list', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token, UNLIMITED));
    const first = await runStream(h, 'companies', { stopAfter: 4, options: { parallel_full_sync: false } });
    const old = h.states.get('companies') as Record<string, unknown>;
    expect(old).toMatchObject({ v: 1, phase: 'list' });
    expect(old.after).toBeDefined();
    expect(old.split).toBeUndefined();
    const second = await runStream(h, 'companies'); // option at its default (true)
    expect(metric(h, 'companies', 'parallel_full_sync.search_records')).toBe(0);
    const ids = [...liveIds(first.batches), ...liveIds(second.batches)];
    expect(new Set(ids).size).toBe(ids.length);
    expectMatchesTruth(h, 'companies', ...truthOf(sim, 'companies'));
  });
});

/**
 * A first sync of contacts from a simulator of their own (`prepare` changes its data first):
 * every live record exactly once, matching the simulator's truth. Returns the harness for the
 * test's own checks.
 */
async function syncContactsExactly(opts: SimOptions, prepare?: (s: Simulator) => void): Promise<Harness> {
  const s = await startSimulator({ port: 0, rateLimits: false, customProperties: 3, ...opts });
  try {
    prepare?.(s);
    const h = await openHarness(makeConfig(s.url, s.token, UNLIMITED));
    const { batches } = await runStream(h, 'contacts');
    const ids = liveIds(batches);
    expect(new Set(ids).size).toBe(ids.length);
    expectMatchesTruth(h, 'contacts', ...truthOf(s, 'contacts'));
    return h;
  } finally {
    await s.close();
  }
}

describe('seek lanes (list walks started in the middle of the id span)', () => {
  it('with opaque list cursors, the refused seed falls back to search once, warns, and loses nothing', async () => {
    const h = await syncContactsExactly({ seed: 13, counts: { contacts: 8_000 }, behaviour: { listCursor: 'opaque' } });
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_fallbacks')).toBe(1);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_records')).toBe(0);
    expect(h.logs.filter((l) => l.includes('answered 400 to a list cursor built from id'))).toHaveLength(1);
    expect(h.logs.join('\n')).toMatch(/nothing lost/);
  });

  it('when a seed lands on missing ids, one search reads what lies between the seed and the first listed record', async () => {
    const h = await syncContactsExactly({ seed: 14, counts: { contacts: 9_000 } }, (s) => {
      // Archive 2 of every 3 records: most seeds fall on archived ids, which the list skips.
      const all = s.control.truth('contacts').map((r) => r.id);
      for (let i = 0; i < all.length; i++) if (i % 3 !== 0) s.control.archive('contacts', all[i]!);
      s.control.advanceClock(1_000);
    });
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_records')).toBeGreaterThan(0);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_gap_searches')).toBeGreaterThan(0);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_fallbacks')).toBe(0);
  });

  it('a seed that skips records: the few it skips come from search; when it skips many, or is ignored, search reads the claim and seeking stops', async () => {
    // skip: how many ids later a built cursor starts; null: HubSpot ignores it and lists from the start.
    for (const skip of [5, 500, null]) {
      // HubSpot-issued cursors pass unchanged; a cursor the client built starts `skip` ids later.
      const issued = new Set<string>();
      const proxy = await listProxy(
        sim.url,
        (results) => results,
        (url) => {
          const after = url.searchParams.get('after');
          if (!/\/objects\/tickets$/.test(url.pathname) || !after || issued.has(after)) return;
          if (skip === null) url.searchParams.delete('after');
          else url.searchParams.set('after', String(Number(after) + skip));
        },
        (data) => {
          const next = (data as { paging?: { next?: { after?: string } } }).paging?.next?.after;
          if (next) issued.add(next);
        },
      );
      try {
        const h = await openHarness(makeConfig(proxy.url, sim.token, UNLIMITED));
        const { batches } = await runStream(h, 'tickets');
        const ids = liveIds(batches);
        expect(new Set(ids).size, `skip ${skip}`).toBe(ids.length);
        expectMatchesTruth(h, 'tickets', ...truthOf(sim, 'tickets'));
        if (skip === 5) {
          expect(metric(h, 'tickets', 'parallel_full_sync.seek_gap_searches')).toBeGreaterThan(0);
          expect(metric(h, 'tickets', 'parallel_full_sync.seek_fallbacks')).toBe(0);
          expect(metric(h, 'tickets', 'parallel_full_sync.seek_records')).toBeGreaterThan(0);
        } else {
          expect(metric(h, 'tickets', 'parallel_full_sync.seek_fallbacks')).toBe(1);
          expect(metric(h, 'tickets', 'parallel_full_sync.seek_records')).toBe(0);
          expect(h.logs.join('\n')).toMatch(skip === null ? /started at id \d+/ : /skipped 200\+ records/);
        }
      } finally {
        await new Promise((r) => proxy.server.close(r));
      }
    }
  });

  it('with sparse ids (steps of 50, as in real portals), each walk checks its seed with one search and nothing is lost', async () => {
    const h = await syncContactsExactly({ seed: 15, counts: { contacts: 9_000 }, idStride: 50 });
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_records')).toBeGreaterThan(0);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_gap_searches')).toBeGreaterThan(0);
    expect(metric(h, 'contacts', 'parallel_full_sync.seek_fallbacks')).toBe(0);
  });

  it('parallel_list_lanes: 0 reads with the list lane and search lanes only', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token, UNLIMITED));
    await runStream(h, 'companies', { options: { parallel_list_lanes: 0 } });
    expectMatchesTruth(h, 'companies', ...truthOf(sim, 'companies'));
    expect(metric(h, 'companies', 'parallel_full_sync.seek_records')).toBe(0);
    expect(metric(h, 'companies', 'parallel_full_sync.search_records')).toBeGreaterThan(0);
  });
});

describe('parallel full sync with changes during the run', () => {
  it('creates, updates and archives in the middle (and records search shows late) are caught by the next run', async () => {
    const s = await startSimulator({ port: 0, seed: 12, counts: { contacts: 6_000 }, rateLimits: false, customProperties: 3 });
    try {
      const before = s.control.truth('contacts').map((r) => r.id);
      // Just before the start: writes that search shows only later (created, updated).
      s.control.setSearchLag(120_000); // within the 5-minute lookback, as the design assumes
      const lateNew = s.control.create('contacts', { email: 'late.new@example.com', firstname: 'LateNew' });
      s.control.update('contacts', before[5_990]!, { firstname: 'LateUpdate' });
      s.control.update('contacts', before[10]!, { firstname: 'LateLow' });
      s.control.setSearchLag(0);
      s.control.advanceClock(1_000);

      const h = await openHarness(makeConfig(s.url, s.token, UNLIMITED));
      const schema = h.schemas.find((x) => x.name === 'contacts')!;
      const table = new Map<string, Row>();
      h.tables.set('contacts', table);
      let n = 0;
      const emitted: string[] = [];
      for await (const b of h.conn.read({ schema, options: {}, mode: 'incremental', state: undefined })) {
        for (const r of b.rows) table.set(String(r.id), r);
        emitted.push(...b.rows.filter((r) => r.archived === false).map((r) => String(r.id)));
        if (b.checkpoint !== undefined) h.states.set('contacts', JSON.parse(JSON.stringify(b.checkpoint)));
        if (++n === 6) {
          // In the middle of the run: low and high ids, both lanes' territory.
          s.control.advanceClock(1_000);
          s.control.create('contacts', { email: 'mid.new@example.com', firstname: 'MidNew' });
          s.control.update('contacts', before[1]!, { firstname: 'MidLow' });
          s.control.update('contacts', before[5_995]!, { firstname: 'MidHigh' });
          s.control.archive('contacts', before[3_000]!);
          s.control.archive('contacts', before[5_998]!);
        }
      }
      // Every record that existed (and was visible to search or list) at the start: exactly once.
      expect(new Set(emitted).size).toBe(emitted.length);
      for (const id of before) if (id !== before[3_000] && id !== before[5_998]) expect(table.has(id), id).toBe(true);
      expect(table.get(before[5_990]!)).toBeDefined();

      s.control.advanceClock(180_000); // past the search lag
      await runStream(h, 'contacts');
      expectMatchesTruth(h, 'contacts', ...truthOf(s, 'contacts'));
      expect(table.get(lateNew)).toMatchObject({ firstname: 'LateNew', archived: false });
      expect(table.get(before[5_990]!)).toMatchObject({ firstname: 'LateUpdate' });
      expect(table.get(before[1]!)).toMatchObject({ firstname: 'MidLow' });
      expect(table.get(before[5_995]!)).toMatchObject({ firstname: 'MidHigh' });
      expect(table.get(before[5_998]!)).toMatchObject({ archived: true });
    } finally {
      await s.close();
    }
  });
});

/** A proxy in front of the simulator that can rewrite list pages. */
async function listProxy(
  target: string,
  rewrite: (results: { id: string }[], url: URL) => { id: string }[],
  rewriteUrl: (url: URL) => void = () => {},
  observe: (data: unknown) => void = () => {},
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, target);
    rewriteUrl(url);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const up = await fetch(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    let body = Buffer.from(await up.arrayBuffer());
    if (req.method === 'GET' && /\/crm\/v3\/objects\/tickets$/.test(url.pathname) && url.searchParams.get('archived') !== 'true' && up.status === 200) {
      const data = JSON.parse(body.toString());
      observe(data);
      data.results = rewrite(data.results, url);
      body = Buffer.from(JSON.stringify(data));
    }
    const out: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
    });
    res.writeHead(up.status, out).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the list-order check', () => {
  it('lists the object as one plain walk when a list page is not in ascending id order, exactly and with a warning', async () => {
    let pages = 0;
    // The third list page comes back in reverse order (as if HubSpot listed by something else).
    const proxy = await listProxy(sim.url, (results) => (++pages === 3 ? [...results].reverse() : results));
    try {
      const h = await openHarness(makeConfig(proxy.url, sim.token, UNLIMITED));
      await runStream(h, 'tickets');
      expectMatchesTruth(h, 'tickets', ...truthOf(sim, 'tickets'));
      expect(metric(h, 'tickets', 'parallel_full_sync.order_fallbacks')).toBe(1);
      const warning = h.logs.find((l) => l.includes('not return records in ascending id order'));
      expect(warning).toMatch(/Listing tickets again as one walk from the start/);
      expect(warning).toMatch(/parallel_full_sync: false/);
      // The delete baseline holds each id once, though the lanes' records came again.
      expect(h.states.get('tickets')).toMatchObject({ phase: 'idle', n: sim.control.truth('tickets').length });
    } finally {
      await new Promise((r) => proxy.server.close(r));
    }
  });

  it('reads a portal whose lists keep another order exactly, with either cursor kind, and resumes after a kill', async () => {
    for (const listCursor of ['next-id', 'opaque'] as const) {
      const shuffled = await startSimulator({ port: 0, seed: 12, counts: { contacts: 10, companies: 10, deals: 10, tickets: 2_100 }, rateLimits: false, customProperties: 2, behaviour: { listOrder: 'shuffled', listCursor } });
      const config = makeConfig(shuffled.url, shuffled.token, UNLIMITED);
      try {
        const whole = await openHarness(config);
        await runStream(whole, 'tickets');
        expectMatchesTruth(whole, 'tickets', ...truthOf(shuffled, 'tickets'));
        expect(metric(whole, 'tickets', 'parallel_full_sync.order_fallbacks'), listCursor).toBe(1);
        // Killed in the plain walk, the next run goes on from its cursor.
        const h = await openHarness(config);
        await runStream(h, 'tickets', { stopAfter: 12 });
        expect(h.states.get('tickets'), listCursor).toMatchObject({ phase: 'list' });
        expect(splitOf(h.states.get('tickets')), listCursor).toBeUndefined();
        await runStream(h, 'tickets');
        expectMatchesTruth(h, 'tickets', ...truthOf(shuffled, 'tickets'));
      } finally {
        await shuffled.close();
      }
    }
  });
});

describe('id ranges', () => {
  it('cover (lo, hi] without gaps or overlaps', () => {
    for (const s of [
      { lo: 0, hi: 100, k: 8 },
      { lo: 41, hi: 50, k: 9 },
      { lo: 1_000_000, hi: 9_876_543_210, k: 64 },
    ]) {
      for (let j = 0; j < s.k; j++) expect(bound(s, j + 1)).toBeGreaterThan(bound(s, j));
      for (const id of [s.lo, s.lo + 1, Math.floor((s.lo + s.hi) / 2), s.hi - 1, s.hi, s.hi + 1]) {
        const j = rangeOf(s, id);
        if (id <= s.lo) expect(j).toBe(-1);
        else if (id > s.hi) expect(j).toBe(s.k);
        else expect(id > bound(s, j) && id <= bound(s, j + 1)).toBe(true);
      }
    }
  });
});

describe('work stealing across id layouts', () => {
  for (const idLayout of [
    { kind: 'sparse', stride: 50 },
    { kind: 'clustered', clusterSize: 300, gap: 50_000 },
  ] as const) {
    it(`every record exactly once with ${idLayout.kind} ids, in one run and resumed after kills every 4 batches`, async () => {
      const h = await syncContactsExactly({ seed: 21, counts: { contacts: 7_000 }, idLayout, latencyMs: 2 });
      expect(metric(h, 'contacts', 'parallel_full_sync.seek_records')).toBeGreaterThan(0);
      expect(metric(h, 'contacts', 'parallel_full_sync.seek_fallbacks')).toBe(0);

      const s = await startSimulator({ port: 0, rateLimits: false, customProperties: 3, seed: 22, counts: { contacts: 5_000 }, idLayout });
      try {
        const k = await openHarness(makeConfig(s.url, s.token, UNLIMITED));
        const ids: string[] = [];
        for (let i = 0; i < 300; i++) {
          const { batches } = await runStream(k, 'contacts', { stopAfter: 4 });
          ids.push(...liveIds(batches));
          if ((k.states.get('contacts') as { phase?: string }).phase === 'idle') break;
        }
        expect(k.states.get('contacts')).toMatchObject({ phase: 'idle' });
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(s.control.truth('contacts').length);
        expectMatchesTruth(k, 'contacts', ...truthOf(s, 'contacts'));
      } finally {
        await s.close();
      }
    });
  }
});

describe('what lanes fetch', () => {
  it('no page asks for records beyond its piece: with dense ids next to nothing fetched is dropped', async () => {
    const h = await syncContactsExactly({ seed: 23, counts: { contacts: 8_000 } });
    // Search lanes took a real share (search is allowed 20 calls/s here), so both ways are covered.
    expect(metric(h, 'contacts', 'parallel_full_sync.search_records')).toBeGreaterThan(8_000 / 10);
    // Only pages in flight when a thief lowered their piece's end bring records of another lane.
    expect(metric(h, 'contacts', 'parallel_full_sync.records_outside_piece')).toBeLessThan(8_000 / 100);
  });
});

describe('checkpoints of the first version (static ranges) still resume', () => {
  it('reads exactly the ids the old state left unread, once each', async () => {
    const s = await startSimulator({ port: 0, rateLimits: false, customProperties: 3, seed: 23, counts: { contacts: 6_000 } });
    try {
      const h = await openHarness(makeConfig(s.url, s.token, UNLIMITED));
      await runStream(h, 'contacts', { stopAfter: 1 }); // a real `upper`
      const upper = (h.states.get('contacts') as { upper: number }).upper;
      const all = s.control.truth('contacts').map((r) => Number(r.id)).sort((a, b) => a - b);
      const lo = all[0]! - 1;
      const hi = all[all.length - 1]!;
      const split = { lo, hi, k: 12, l: 2, t: 8, c: {} as Record<string, string | { e: number; a?: string }> };
      const b = (j: number) => bound(split, j);
      // The list lane read everything below `after` (cursors are the next id here); range 8 was
      // searched up to b(8) + 37, a seek walk over range 9 listed up to its cursor, the seek claim
      // over range 10 had not started, range 11 was done.
      const after = all.find((id) => id > b(2) + 40)!;
      split.c = { '8': String(b(8) + 37), '9': { e: 9, a: String(b(9) + 100) }, '10': { e: 10 } };
      h.states.set('contacts', { v: 1, phase: 'list', upper, after: String(after), split });
      const done = (id: number) => id < after || (id > b(8) && id <= b(8) + 37) || (id > b(9) && id < b(9) + 100) || id > b(11);
      const { batches } = await runStream(h, 'contacts');
      const ids = liveIds(batches).map(Number);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort((x, y) => x - y)).toEqual(all.filter((id) => !done(id)));
      expect(h.states.get('contacts')).toMatchObject({ phase: 'idle' });
    } finally {
      await s.close();
    }
  });
});
