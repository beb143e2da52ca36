// The 'realistic' profile: HubSpot-wide contacts, companies and deals with realistic sparsity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { call, listAll } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, profile: 'realistic', rateLimits: false, counts: { contacts: 1500, companies: 150, deals: 200 } });
});
afterAll(() => sim.close());

interface Prop {
  name: string;
  type: string;
  fieldType: string;
  hubspotDefined: boolean;
  calculated: boolean;
  calculationFormula?: string;
}
const propsOf = async (type: string) => (await call(sim, `/crm/v3/properties/${type}`)).body.results as Prop[];

/** Every record of a type with every property, and the share of records holding a value per property. */
async function fills(type: string, props: Prop[]): Promise<{ rows: Record<string, string | null>[]; fill: Map<string, number> }> {
  const rows = (await listAll(sim, `/crm/v3/objects/${type}?limit=100&properties=${props.map((p) => p.name).join(',')}`)).map((r) => r.properties);
  const fill = new Map(props.map((p) => [p.name, rows.filter((r) => r[p.name] != null).length / rows.length]));
  return { rows, fill };
}

describe('realistic profile', () => {
  it('contacts: ~350 properties (~250 HubSpot-defined with real names, ~100 custom), every property type', async () => {
    const props = await propsOf('contacts');
    expect(props.length).toBeGreaterThanOrEqual(330);
    expect(props.length).toBeLessThanOrEqual(380);
    const custom = props.filter((p) => !p.hubspotDefined);
    expect(custom.length).toBeGreaterThanOrEqual(90);
    expect(custom.length).toBeLessThanOrEqual(110);
    const names = new Set(props.map((p) => p.name));
    for (const n of ['hs_analytics_source', 'hs_email_last_open_date', 'hubspotscore', 'num_associated_deals', 'hs_lifecyclestage_customer_date', 'ip_country', 'hs_buying_role', 'days_to_close']) expect(names).toContain(n);
    expect(new Set(props.map((p) => p.type))).toEqual(new Set(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number']));
    const fieldTypes = new Set(props.map((p) => p.fieldType));
    for (const f of ['text', 'textarea', 'html', 'checkbox', 'select', 'radio', 'booleancheckbox', 'phonenumber', 'calculation_equation', 'calculation_rollup', 'calculation_score', 'calculation_read_time']) expect(fieldTypes).toContain(f);
    // Derived properties flagged both ways (API-FACTS-2 §8).
    expect(props.filter((p) => p.calculated && p.calculationFormula).length).toBeGreaterThanOrEqual(5);
    expect(props.filter((p) => !p.calculated && p.fieldType.startsWith('calculation_')).length).toBeGreaterThanOrEqual(10);
  });

  it('contacts: sparse as real portals are, with realistic values and lengths', async () => {
    const props = await propsOf('contacts');
    const { rows, fill } = await fills('contacts', props);
    expect(rows).toHaveLength(1500);
    const cells = [...fill.values()];
    const overall = cells.reduce((a, b) => a + b, 0) / cells.length;
    expect(overall).toBeGreaterThan(0.2);
    expect(overall).toBeLessThan(0.35);
    const custom = props.filter((p) => !p.hubspotDefined && !p.name.startsWith('custom_') && p.name !== 'external_id');
    // Most custom properties are empty on most records; a few are dense.
    expect(custom.filter((p) => fill.get(p.name)! < 0.1).length / custom.length).toBeGreaterThan(0.6);
    expect(custom.some((p) => fill.get(p.name)! > 0.6)).toBe(true);
    const standard = props.filter((p) => p.hubspotDefined);
    expect(standard.filter((p) => fill.get(p.name)! < 0.1).length).toBeGreaterThanOrEqual(80);
    expect(standard.filter((p) => fill.get(p.name)! > 0.9).length).toBeGreaterThanOrEqual(10);
    // Lengths: emails short, URLs medium, HTML and text areas long.
    const lengths = (name: string) => rows.map((r) => r[name]).filter((v): v is string => v != null).map((v) => v.length).sort((a, b) => a - b);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
    expect(median(lengths('email'))).toBeGreaterThan(15);
    expect(median(lengths('email'))).toBeLessThan(45);
    expect(median(lengths('hs_analytics_first_url'))).toBeGreaterThan(25);
    expect(Math.max(...lengths('message'))).toBeGreaterThan(1000);
    const htmlProps = props.filter((p) => p.fieldType === 'html').map((p) => p.name);
    expect(rows.some((r) => htmlProps.some((n) => r[n]?.startsWith('<div><p>')))).toBe(true);
    // Multi-select checkboxes are ;-joined option values; phone numbers look like phone numbers.
    expect(rows.some((r) => r.hs_buying_role?.includes(';'))).toBe(true);
    expect(rows.filter((r) => r.hs_whatsapp_phone_number).every((r) => /^[+0][\d ()-]+/.test(r.hs_whatsapp_phone_number!))).toBe(true);
    expect(rows.filter((r) => r.hubspotscore != null).every((r) => /^\d+$/.test(r.hubspotscore!))).toBe(true);
  });

  it('values are deterministic per (record, property) and the URL with every property fits', async () => {
    const props = await propsOf('contacts');
    const path = `/crm/v3/objects/contacts?limit=100&properties=${props.map((p) => p.name).join(',')}`;
    expect(path.length).toBeLessThan(16_300);
    const [a, b] = [await call(sim, path), await call(sim, path)];
    expect(a.text).toBe(b.text);
    const other = await startSimulator({ seed: 3, profile: 'realistic', rateLimits: false, counts: { contacts: 1500 } });
    try {
      expect((await call(other, path)).text.replace(/:\d+\//g, '')).toBe(a.text.replace(/:\d+\//g, ''));
    } finally {
      await other.close();
    }
  });

  it('companies and deals are wide too; other types and the default profile stay narrow', async () => {
    const companies = await propsOf('companies');
    const deals = await propsOf('deals');
    expect(companies.length).toBeGreaterThanOrEqual(200);
    expect(deals.length).toBeGreaterThanOrEqual(180);
    for (const [type, props] of [['companies', companies], ['deals', deals]] as const) {
      const { fill } = await fills(type, props);
      const overall = [...fill.values()].reduce((a, b) => a + b, 0) / fill.size;
      expect(overall, type).toBeGreaterThan(0.2);
      expect(overall, type).toBeLessThan(0.5);
    }
    expect((await propsOf('tickets')).length).toBeLessThan(30);
    const narrow = await startSimulator({ rateLimits: false, counts: { contacts: 10 } });
    try {
      expect(((await call(narrow, '/crm/v3/properties/contacts')).body.results as Prop[]).length).toBeLessThan(40);
    } finally {
      await narrow.close();
    }
  });
});
