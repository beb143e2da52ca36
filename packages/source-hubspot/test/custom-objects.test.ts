// Custom objects come from the schemas API at discover time: typed columns for every property
// type, full and incremental reads, and their associations as tables.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 21, counts: { contacts: 50 }, rateLimits: false, customProperties: 10, customObjects: [{ name: 'cars', count: 130 }] });
});
afterAll(() => sim.close());
const truthOf = (type: string) => [sim.control.truth(type), sim.control.truth(type, { archived: true })] as const;

describe('custom objects', () => {
  it('discovers each custom object as a typed stream, with every property type', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const cars = h.schemas.find((s) => s.name === 'cars')!;
    expect(cars).toMatchObject({ primaryKey: ['id'], cursor: 'updated_at', syncModes: ['incremental', 'full'] });
    const types = new Set(cars.columns.filter((c) => c.name.startsWith('custom_')).map((c) => c.type));
    expect([...types].sort()).toEqual(['boolean', 'date', 'number', 'string', 'string[]', 'timestamp']);
    expect(h.schemas.some((s) => s.name === 'cars_to_contacts')).toBe(true);
  });

  it('reads a custom object in full, then incrementally', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'cars');
    expectMatchesTruth(h, 'cars', ...truthOf('cars'));
    sim.control.advanceClock(60_000);
    const ids = sim.control.truth('cars').map((r) => r.id);
    sim.control.update('cars', ids[0]!, { name: 'Renamed car' });
    sim.control.archive('cars', ids[1]!);
    const created = sim.control.create('cars', { name: 'New car' });
    sim.control.advanceClock(1_000);
    const searches = sim.control.stats().byRoute['objects.search'] ?? 0;
    await runStream(h, 'cars');
    expect((sim.control.stats().byRoute['objects.search'] ?? 0) - searches).toBeGreaterThan(0);
    expectMatchesTruth(h, 'cars', ...truthOf('cars'));
    expect(h.tables.get('cars')!.get(created)).toMatchObject({ name: 'New car', archived: false });
    expect(h.tables.get('cars')!.get(ids[1]!)).toMatchObject({ archived: true });
  });

  it('reads custom object associations', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'cars_to_contacts');
    const rows = [...h.tables.get('cars_to_contacts')!.values()].filter((r) => r.to_id !== '');
    expect(rows.length).toBeGreaterThan(100);
    expect(rows[0]).toMatchObject({ category: 'USER_DEFINED' });
  });

  it('has no custom streams, and still discovers the rest, when the token may not read schemas', async () => {
    const token = 'pat-na1-fake-contacts-only';
    const other = await startSimulator({ port: 0, seed: 21, counts: { contacts: 5 }, rateLimits: false, tokens: { [token]: { scopes: ['crm.objects.contacts.read'] } } });
    try {
      const h = await openHarness(makeConfig(other.url, token));
      expect(h.schemas.some((s) => s.name === 'cars')).toBe(false);
      expect(h.schemas.some((s) => s.name === 'contacts')).toBe(true);
      expect(h.logs.join('\n')).toMatch(/custom objects not discovered/);
    } finally {
      await other.close();
    }
  });

  it('discovers and reads custom objects from a portal that serves schemas only at the older /crm/v3/schemas', async () => {
    const legacy = await startSimulator({ port: 0, seed: 21, counts: { contacts: 5 }, rateLimits: false, customObjects: [{ name: 'cars', count: 30 }], behaviour: { schemaPaths: 'legacy' } });
    try {
      const h = await openHarness(makeConfig(legacy.url, legacy.token));
      expect(h.schemas.some((s) => s.name === 'cars')).toBe(true);
      await runStream(h, 'cars');
      expectMatchesTruth(h, 'cars', legacy.control.truth('cars'), legacy.control.truth('cars', { archived: true }));
      expect(h.logs.join('\n')).not.toMatch(/custom objects not discovered/);
    } finally {
      await legacy.close();
    }
  });

  it('asks the older schemas path only after a 404, and warns with the first answer when neither serves schemas', async () => {
    const notFound = { status: 404, body: JSON.stringify({ status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' }) };
    const proxy = await startProxy(sim.url, { answer: (_m, url) => (url.includes('schemas') ? notFound : undefined) });
    try {
      const h = await openHarness(makeConfig(proxy.url, sim.token));
      expect(h.schemas.some((s) => s.name === 'cars')).toBe(false);
      expect(h.schemas.some((s) => s.name === 'contacts')).toBe(true);
      expect(proxy.calls.filter((c) => c.includes('schemas'))).toEqual(['GET /crm-object-schemas/v3/schemas', 'GET /crm/v3/schemas']);
      expect(h.logs.join('\n')).toMatch(/custom objects not discovered: .*crm-object-schemas/);
    } finally {
      await proxy.close();
    }
  });
});
