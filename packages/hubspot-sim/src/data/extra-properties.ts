// Properties some portals have and clients often mishandle: types and field types outside the create
// enum (API-FACTS §4: `object_coordinates`, `json`, `calculation_*`), a select without options,
// very long names; and derived properties flagged the three ways HubSpot flags them (API-FACTS-2 §8).
import { longText, sentence } from './fake.ts';
import type { PropertyDef } from './model.ts';
import { datetimeGen, numberGen, prop, sometimesNull } from './property-kit.ts';

const extra = { hubspotDefined: false, groupName: 'portal_oddities' };

export function unusualProperties(): PropertyDef[] {
  return [
    prop('hs_geo_coordinates', 'object_coordinates', sometimesNull(0.5, (r) => `{"lat":${(r.next() * 140 - 60).toFixed(5)},"lon":${(r.next() * 340 - 170).toFixed(5)}}`), { ...extra, hubspotDefined: true, readOnlyValue: true }),
    prop('integration_payload', 'json', sometimesNull(0.6, (r) => JSON.stringify({ source: 'sync', attempt: r.int(5), tags: ['a', 'b'], note: sentence(r) })), extra),
    prop('contract_file', 'string', sometimesNull(0.8, (r) => `https://files.example.com/hubfs/${r.int(1e9)}/contract.pdf`), { ...extra, fieldType: 'file' }),
    prop('rich_description', 'string', sometimesNull(0.5, (r) => `<h2>${sentence(r)}</h2><p>${longText(r)}</p>`), { ...extra, fieldType: 'html' }),
    prop('external_picklist', 'enumeration', sometimesNull(0.5, (r) => `ext_${r.int(50)}`), { ...extra, fieldType: 'select', options: [], externalOptions: true }),
    prop('empty_dropdown', 'enumeration', undefined, { ...extra, fieldType: 'select', options: [] }),
    prop('this_property_has_a_very_long_internal_name_that_someone_typed_in_2019_for_the_q3_campaign_import', 'string', sometimesNull(0.9, sentence), extra),
    prop('x', 'string', sometimesNull(0.7, (r) => String(r.int(10))), extra),
    prop('score_as_text', 'string', sometimesNull(0.3, numberGen(0, 100, 1)), { ...extra, fieldType: 'number' }),
    prop('unknown_field_type', 'string', sometimesNull(0.5, sentence), { ...extra, fieldType: 'richtext_v2' }),
  ];
}

/** `n` derived properties cycling through HubSpot's flag combinations. */
export function calculatedProperties(n: number): PropertyDef[] {
  const out: PropertyDef[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 5;
    const name = `derived_${['equation', 'rollup', 'score', 'read_time', 'system'][k]}_${Math.floor(i / 5) + 1}`;
    const base = { groupName: 'derived', readOnlyValue: true, description: 'Derived property (simulated)' };
    switch (k) {
      case 0:
        out.push(prop(name, 'number', sometimesNull(0.2, numberGen(0, 1e6, 2)), { ...base, calculated: true, fieldType: 'calculation_equation', calculationFormula: 'amount * 2', hubspotDefined: false }));
        break;
      case 1:
        out.push(prop(name, 'datetime', sometimesNull(0.4, datetimeGen(500)), { ...base, calculated: false, fieldType: 'calculation_rollup', hubspotDefined: true }));
        break;
      case 2:
        out.push(prop(name, 'number', numberGen(0, 100), { ...base, calculated: false, fieldType: 'calculation_score', hubspotDefined: true }));
        break;
      case 3:
        out.push(prop(name, 'number', sometimesNull(0.3, numberGen(0, 1e9)), { ...base, calculated: false, fieldType: 'calculation_read_time', hubspotDefined: true }));
        break;
      default:
        out.push(prop(name, 'number', numberGen(0, 50), { ...base, calculated: true, fieldType: 'number', hubspotDefined: true }));
    }
  }
  return out;
}
