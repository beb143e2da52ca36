import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../src/data/random.ts';
import { JsonWriter } from '../src/http/json-writer.ts';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
let oddId: string;
beforeAll(async () => {
  sim = await small();
  // Values that need escaping, unicode, emoji and empty values, written through the API.
  oddId = sim.control.create('contacts', { email: 'odd@example.org', firstname: 'Quote " back\\slash\nnew\tline', lastname: 'Zoë 李 🚀', jobtitle: '' });
  sim.control.create('contacts', { email: 'lone@example.org', firstname: 'Lone \ud83d surrogate', lastname: '€ and 😀 and \u2028' });
  sim.control.create('contacts', {
    email: 'edge@example.org',
    firstname: 'Ünïcödé 中文 😀 then "a quote" at the end"',
    lastname: 'trailing high \ud83d',
    jobtitle: '\udc00 leading low, DEL \u007f, ß',
    company: `${'long '.repeat(1000)}\\`,
    city: '😀😀 \u2029',
  });
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

describe('JsonWriter', () => {
  it('encodes strings exactly as JSON.stringify + UTF-8, and ids as their digits', () => {
    // Every branch of the one-pass encoder: ASCII, 2-, 3- and 4-byte UTF-8, escapes found after
    // multi-byte characters were already written (rewind), lone surrogates at either end.
    const fixed = ['', 'a', '"', '\\', '\u007f', 'é"', '中\n', '😀', '\ud83d', '\ude00', 'x\ud83d', '\ude00x', '😀\ud83d', '\u2028\u2029', 'a'.repeat(3000) + '\t'];
    const pool = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\u0001', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '中', '\uffff', '😀', '\ud83d', '\ude00', '\u2028'];
    const r = new Rng(42);
    const random = Array.from({ length: 2000 }, () => Array.from({ length: r.int(12) }, () => r.pick(pool)).join(''));
    const values: (string | null)[] = [...fixed, ...random, null];
    const w = new JsonWriter();
    w.raw('[');
    for (let i = 0; i < values.length; i++) (i === 0 ? w : w.raw(',')).string(values[i]!);
    w.raw(',').digits(0).raw(',').digits(7).raw(',').digits(100000001).raw(',').digits(9007199254740991).raw(']');
    const { bytes, release } = w.bytes();
    expect(Buffer.from(bytes).toString('utf8')).toBe(JSON.stringify([...values, 0, 7, 100000001, 9007199254740991]));
    release();
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

describe('record cache', () => {
  it('answers byte for byte as the generic path, at any page alignment, and drops records once the store is written', async () => {
    const sim = await small({ profile: 'realistic', recordCacheMb: 64 });
    try {
      const props = (await call(sim, '/crm/v3/properties/contacts')).body.results.map((p: any) => p.name).join(',');
      // An ignored associations= type forces the generic JSON path (no cache): the oracle.
      const generic = async (path: string) => (await call(sim, `${path}&associations=no_such_type`)).text.replace(/&associations=no_such_type/g, '');
      const same = async (path: string) => {
        const want = await generic(path);
        const fill = (await call(sim, path)).text;
        const hit = (await call(sim, path)).text;
        // Compared as booleans: a failure would otherwise print two whole wide pages.
        expect(fill === want, `${path}: first answer differs`).toBe(true);
        expect(hit === want, `${path}: answer from the cache differs`).toBe(true);
        return want;
      };
      const page = `/crm/v3/objects/contacts?limit=100&properties=${props}`;
      const first = await same(page);
      const ids = JSON.parse(first).results.map((r: any) => r.id);
      await same(`${page}&after=${ids[37]}`); // records cached by the first page, now at other offsets
      await same('/crm/v3/objects/contacts?limit=50&properties=firstname,lastname');
      sim.control.update('contacts', ids[37], { firstname: 'Changed' });
      sim.control.archive('contacts', ids[3]);
      const changed = await same(page);
      expect(changed).not.toBe(first);
      expect(JSON.parse(changed).results.find((r: any) => r.id === ids[37]).properties.firstname).toBe('Changed');
      expect(JSON.parse(changed).results.some((r: any) => r.id === ids[3])).toBe(false);
      await same('/crm/v3/objects/contacts?limit=100&archived=true');
    } finally {
      await sim.close();
    }
  });
});
