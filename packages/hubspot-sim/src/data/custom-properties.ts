// Portal-defined ("custom") properties: `count` per object, cycling through every property type and
// the value shapes real portals hold (mixed date formats, junk in number fields, long text, nulls).
import { longText, phone, sentence } from './fake.ts';
import type { Gen, PropertyDef } from './model.ts';
import { boolGen, dateGen, datetimeGen, multiGen, numberGen, options, pickGen, prop, sometimesNull } from './property-kit.ts';

const SELECT = ['opt_a', 'opt_b', 'opt_c', 'opt_d', 'opt_e'];
const MULTI = ['red', 'green', 'blue', 'yellow', 'black'];
const JUNK_NUMBERS = ['N/A', '1,250.00', '12abc', ' ', '—'];

/** Mostly decimal strings; about 1% are the non-numeric junk real portals accumulate from imports. */
const decimalNumber = numberGen(-1000, 100000, 3);
const junkyNumber: Gen = (r, ctx) => (r.chance(0.01) ? r.pick(JUNK_NUMBERS) : decimalNumber(r, ctx));

interface Kind {
  key: string;
  make(name: string): PropertyDef;
}

const KINDS: Kind[] = [
  { key: 'text', make: (n) => prop(n, 'string', sometimesNull(0.2, sentence)) },
  { key: 'number', make: (n) => prop(n, 'number', sometimesNull(0.2, junkyNumber)) },
  { key: 'bool', make: (n) => prop(n, 'bool', sometimesNull(0.3, boolGen)) },
  { key: 'date', make: (n) => prop(n, 'date', sometimesNull(0.2, dateGen(0.3))) },
  { key: 'datetime', make: (n) => prop(n, 'datetime', sometimesNull(0.2, datetimeGen(1000))) },
  { key: 'select', make: (n) => prop(n, 'enumeration', sometimesNull(0.2, pickGen(SELECT)), { options: options(SELECT) }) },
  { key: 'multi', make: (n) => prop(n, 'enumeration', multiGen(MULTI), { fieldType: 'checkbox', options: options(MULTI) }) },
  { key: 'phone', make: (n) => prop(n, 'phone_number', sometimesNull(0.4, phone)) },
  { key: 'notes', make: (n) => prop(n, 'string', sometimesNull(0.5, longText), { fieldType: 'textarea' }) },
  { key: 'epochdate', make: (n) => prop(n, 'date', sometimesNull(0.2, dateGen(1))) },
];

export function customProperties(count: number): PropertyDef[] {
  const out: PropertyDef[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const def = kind.make(`custom_${kind.key}_${Math.floor(i / KINDS.length) + 1}`);
    out.push({ ...def, hubspotDefined: false, groupName: 'custom_properties', description: `Custom ${kind.key} property (simulated)` });
  }
  return out;
}

/** A unique-value property on every object, so batch upsert by `idProperty` works beyond contacts' email. */
export function externalIdProperty(): PropertyDef {
  return prop('external_id', 'string', (_r, ctx) => `EXT-${ctx.index}`, {
    hasUniqueValue: true,
    hubspotDefined: false,
    groupName: 'custom_properties',
    description: 'Unique external identifier (simulated); usable as upsert idProperty',
  });
}
