// The keyset walk over a fake search that orders ties arbitrarily (HubSpot promises nothing
// about them): every record in [from, upper] comes out, none loops, no query pages by offset.

import type { HubSpotClient } from '@pipe/hubspot-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIds, encodeIds } from '../src/checkpoint.ts';
import { type SearchTarget, walkChanges } from '../src/search.ts';

interface Rec {
  id: number;
  ts: number;
}

function fakeSearch(records: Rec[], seed: number) {
  let rnd = seed;
  const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let calls = 0;
  const client = {
    paths: { objects: '/crm/v3/objects', properties: '/crm/v3/properties' },
    async post(_url: string, body: any) {
      calls++;
      if (body.after !== undefined) throw new Error('paged by offset');
      const value = (r: Rec, name: string) => (name === 'hs_object_id' ? r.id : r.ts);
      const ok = (r: Rec) =>
        body.filterGroups[0].filters.every((f: any) => {
          const v = value(r, f.propertyName);
          const t = Number(f.value);
          return f.operator === 'GTE' ? v >= t : f.operator === 'LTE' ? v <= t : f.operator === 'EQ' ? v === t : f.operator === 'GT' ? v > t : false;
        });
      const by = body.sorts[0].propertyName;
      const hits = records
        .filter(ok)
        .map((r) => ({ r, k: random() }))
        .sort((a, b) => value(a.r, by) - value(b.r, by) || a.k - b.k) // ties in random order
        .map(({ r }) => r);
      const results = hits.slice(0, body.limit).map((r) => ({ id: String(r.id), properties: { lastmodifieddate: String(r.ts) } }));
      return { status: 200, headers: {}, url: '', data: { total: hits.length, results } };
    },
    // fetchPage's way in: the same answer, checked as the real client does.
    async request(_method: string, url: string, opts: { body: unknown; check?: (d: unknown) => void }) {
      const res = await client.post(url, opts.body);
      opts.check?.(res.data);
      return res;
    },
  };
  return { client: client as unknown as HubSpotClient, calls: () => calls };
}

const target: SearchTarget = { objectType: 'contacts', stream: 'contacts', lastModified: 'lastmodifieddate', properties: [] };

async function walkAll(records: Rec[], seed: number, from: number, upper: number) {
  const { client, calls } = fakeSearch(records, seed);
  const seen: string[] = [];
  for await (const page of walkChanges(client, target, { from }, upper)) {
    for (const r of page.records) seen.push(r.id);
    if (calls() > 10_000) throw new Error('looping');
  }
  return { seen, calls: calls() };
}

describe('walkChanges', () => {
  it('reads every record once per timestamp group, whatever the tie order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 0, maxLength: 1500 }), fc.integer(), async (stamps, seed) => {
        const records = stamps.map((ts, i) => ({ id: i + 1, ts: 1000 + ts }));
        const { seen } = await walkAll(records, seed, 1000, 1012);
        expect(new Set(seen)).toEqual(new Set(records.map((r) => String(r.id))));
      }),
      { numRuns: 40 },
    );
  });

  it('walks more than 10,000 records of one timestamp by id, with a bounded number of queries', async () => {
    const records = Array.from({ length: 10_500 }, (_, i) => ({ id: i + 1, ts: 5000 }));
    records.push({ id: 20_000, ts: 4000 }, { id: 20_001, ts: 6000 });
    const { seen, calls } = await walkAll(records, 1, 0, 10_000);
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.length).toBe(records.length);
    expect(calls).toBeLessThanOrEqual(Math.ceil(10_500 / 200) + 5);
  });

  it('respects the frozen upper bound', async () => {
    const { seen } = await walkAll([{ id: 1, ts: 10 }, { id: 2, ts: 20 }, { id: 3, ts: 30 }], 1, 15, 25);
    expect(seen).toEqual(['2']);
  });
});

describe('id sets in the checkpoint', () => {
  it('round-trip, in a few bytes per id', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: 1n, max: 10n ** 15n }).map(String)), fc.array(fc.string({ minLength: 1 })), (nums, other) => {
        const ids = [...nums, ...other.map((o) => `x${o}`)];
        expect(decodeIds(encodeIds(ids))).toEqual(new Set(ids));
      }),
    );
    const many = Array.from({ length: 100_000 }, (_, i) => String(1000 + i * 3));
    expect(encodeIds(many).length).toBeLessThan(100_000 * 0.2);
  });
});
