import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
let oddId: string;
beforeAll(async () => {
  sim = await small();
  // Values that need escaping, unicode, emoji and empty values, written through the API.
  oddId = sim.control.create('contacts', { email: 'odd@example.org', firstname: 'Quote " back\\slash\nnew\tline', lastname: 'Zoë 李 🚀', jobtitle: '' });
  sim.control.create('contacts', { email: 'lone@example.org', firstname: 'Lone \ud83d surrogate', lastname: '€ and 😀 and \u2028' });
  sim.control.archive('contacts', '100000002');
});
afterAll(() => sim.close());

describe('list fast path', () => {
  it('writes bytes identical to the generic JSON path (forced by an ignored associations= type)', async () => {
    const props = (await call(sim, '/crm/v3/properties/contacts')).body.results.map((p: any) => p.name).join(',');
    for (const q of ['limit=100', `limit=100&properties=${props}`, 'limit=100&archived=true', `limit=100&after=${(await call(sim, '/crm/v3/objects/contacts?limit=100')).body.paging.next.after}&properties=${props}`]) {
      let after: string | undefined;
      for (let page = 0; page < 4; page++) {
        const path = `/crm/v3/objects/contacts?${q}${after ? `&after=${after}` : ''}`;
        const fast = await call(sim, path);
        const generic = await call(sim, `${path}&associations=no_such_type`);
        expect(fast.status).toBe(200);
        expect(fast.text.replace(/&associations=no_such_type/g, '')).toBe(generic.text.replace(/&associations=no_such_type/g, ''));
        expect(fast.headers.get('content-length')).toBe(String(Buffer.byteLength(fast.text)));
        after = fast.body.paging?.next?.after;
        if (!after) break;
      }
    }
    const all = await listAll(sim, '/crm/v3/objects/contacts?limit=100&properties=firstname,lastname,jobtitle');
    const odd = all.find((r: any) => r.id === oddId);
    expect(odd.properties).toMatchObject({ firstname: 'Quote " back\\slash\nnew\tline', lastname: 'Zoë 李 🚀', jobtitle: null });
  });
});

describe('list fast path with knobs', () => {
  it('omits nulls like the generic path when nullForMissing is off, and lists merged records as archived when asked', async () => {
    const other = await small({ behaviour: { nullForMissing: false, mergedAppearArchived: true } });
    try {
      other.control.merge('contacts', '100000010', '100000011');
      for (const q of ['limit=50&properties=phone,company,date_of_birth,custom_text_1', 'archived=true&properties=phone,hs_merged_object_ids']) {
        const fast = await call(other, `/crm/v3/objects/contacts?${q}`);
        const generic = await call(other, `/crm/v3/objects/contacts?${q}&associations=no_such_type`);
        expect(fast.text.replace(/&associations=no_such_type/g, '')).toBe(generic.text.replace(/&associations=no_such_type/g, ''));
        expect(fast.text).not.toContain('null');
      }
      const archived = await call(other, '/crm/v3/objects/contacts?archived=true');
      expect(archived.body.results.map((r: any) => r.id)).toEqual(['100000011']);
    } finally {
      await other.close();
    }
  });
});
