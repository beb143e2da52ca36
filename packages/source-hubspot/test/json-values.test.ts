// HubSpot sends every property value as a string ("42", "true", "1700000000000"). A server that
// sends JSON numbers, booleans and lists instead must give the same rows, not a failed stream.
import { startSimulator } from '@pipe/hubspot-sim';
import { expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';

/** "42" → 42, "true" → true, "a;b" → ["a", "b"]: every value a JSON-minded server might type. */
function typed(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (/^-?\d+(\.\d+)?$/.test(v) && Number.isSafeInteger(Math.trunc(Number(v))) && String(Number(v)) === v) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (v.includes(';') && !v.includes(' ')) return v.split(';');
  return v;
}

it('reads property values sent as JSON numbers, booleans and lists like their strings', async () => {
  const sim = await startSimulator({ port: 0, seed: 74, counts: { contacts: 150, deals: 30 }, rateLimits: false, customProperties: 8 });
  const proxy = await startProxy(sim.url, {
    rewrite: (_m, url, status, body) => {
      if (status !== 200 && status !== 207) return undefined;
      if (!/\/crm\/v3\/objects\/[a-z_]+(\?|\/search|\/batch\/read|$)/.test(url)) return undefined;
      const data = JSON.parse(body) as { results?: { properties?: Record<string, unknown> }[] };
      for (const r of data.results ?? []) if (r.properties) for (const [k, v] of Object.entries(r.properties)) if (k !== 'hs_object_id') r.properties[k] = typed(v);
      return JSON.stringify(data);
    },
  });
  try {
    const read = async (url: string) => {
      const h = await openHarness(makeConfig(url, sim.token), { selected: { contacts: {}, deals: {} } });
      await runStream(h, 'contacts');
      await runStream(h, 'deals');
      return h;
    };
    const direct = await read(sim.url);
    const json = await read(proxy.url);
    const rows = (h: Harness, s: string) => [...h.tables.get(s)!.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    for (const s of ['contacts', 'deals']) {
      expect(rows(json, s).length, s).toBeGreaterThan(20);
      expect(rows(json, s), s).toEqual(rows(direct, s));
    }
  } finally {
    await proxy.close();
    await sim.close();
  }
});
