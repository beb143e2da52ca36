// Association definitions between object types: type ids, categories, labels, and how many targets
// each generated record gets. Ids follow HubSpot's documented (279) and commonly cited (UNCONFIRMED) values.
import type { Rng } from './random.ts';

export interface AssocType {
  typeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  label: string | null;
  /** The v3 `type` string, e.g. contact_to_company_unlabeled. */
  v3Name: string;
}

export interface PairSpec {
  from: string;
  to: string;
  /** fwd[k] (from→to) and rev[k] (to→from) describe the same association kind. */
  fwd: AssocType[];
  rev: AssocType[];
  /** Which kinds (indices into fwd) a generated association carries. */
  kinds(r: Rng): number[];
  /** Target indices of generated record `i`, given the target type's generated count. */
  targets(r: Rng, toCount: number): number[];
}

const t = (typeId: number, v3Name: string, label: string | null = null, category: AssocType['category'] = 'HUBSPOT_DEFINED'): AssocType => ({
  typeId,
  category,
  label,
  v3Name,
});

/** One target; 15% of them land on index 0, so that record has far more than 100 associations. */
const oneSkewed = (r: Rng, n: number) => (n === 0 || r.chance(0.1) ? [] : [r.chance(0.15) ? 0 : r.int(n)]);
const some = (max: number) => (r: Rng, n: number) => {
  if (n === 0) return [];
  const k = 1 + r.int(max);
  const out = new Set<number>();
  for (let j = 0; j < k; j++) out.add(r.int(n));
  return [...out].sort((a, b) => a - b);
};
const all = () => [0];

function engagement(from: string, singular: string, fwdId: number, revId: number): PairSpec {
  return {
    from,
    to: 'contacts',
    fwd: [t(fwdId, `${singular}_to_contact`)],
    rev: [t(revId, `contact_to_${singular}`)],
    kinds: all,
    targets: some(2),
  };
}

export function standardPairs(): PairSpec[] {
  return [
    {
      from: 'contacts',
      to: 'companies',
      fwd: [t(1, 'contact_to_company', 'Primary'), t(279, 'contact_to_company_unlabeled'), t(1001, 'billing_contact', 'Billing contact', 'USER_DEFINED')],
      rev: [t(2, 'company_to_contact', 'Primary'), t(280, 'company_to_contact_unlabeled'), t(1002, 'billing_contact', 'Billing contact', 'USER_DEFINED')],
      kinds: (r) => (r.chance(0.05) ? [0, 1, 2] : [0, 1]),
      targets: oneSkewed,
    },
    { from: 'deals', to: 'contacts', fwd: [t(3, 'deal_to_contact')], rev: [t(4, 'contact_to_deal')], kinds: all, targets: some(3) },
    {
      from: 'deals',
      to: 'companies',
      fwd: [t(5, 'deal_to_company', 'Primary'), t(341, 'deal_to_company_unlabeled')],
      rev: [t(6, 'company_to_deal', 'Primary'), t(342, 'company_to_deal_unlabeled')],
      kinds: () => [0, 1],
      targets: oneSkewed,
    },
    { from: 'tickets', to: 'contacts', fwd: [t(16, 'ticket_to_contact')], rev: [t(15, 'contact_to_ticket')], kinds: all, targets: some(2) },
    { from: 'line_items', to: 'deals', fwd: [t(20, 'line_item_to_deal')], rev: [t(19, 'deal_to_line_item')], kinds: all, targets: some(1) },
    { from: 'quotes', to: 'deals', fwd: [t(64, 'quote_to_deal')], rev: [t(63, 'deal_to_quote')], kinds: all, targets: some(1) },
    engagement('notes', 'note', 202, 201),
    engagement('calls', 'call', 194, 193),
    engagement('emails', 'email', 198, 197),
    engagement('meetings', 'meeting', 200, 199),
    engagement('tasks', 'task', 204, 203),
  ];
}

export function customPair(custom: string, position: number): PairSpec {
  const base = 2000 + position * 2;
  return {
    from: custom,
    to: 'contacts',
    fwd: [t(base, `${custom}_to_contact`, null, 'USER_DEFINED')],
    rev: [t(base + 1, `contact_to_${custom}`, null, 'USER_DEFINED')],
    kinds: all,
    targets: some(2),
  };
}

/** A pair with no generated data, created when a test associates two types nobody declared. */
export function adHocPair(from: string, to: string, n: number): PairSpec {
  return {
    from,
    to,
    fwd: [t(5000 + n * 2, `${from}_to_${to}`)],
    rev: [t(5001 + n * 2, `${to}_to_${from}`)],
    kinds: all,
    targets: () => [],
  };
}
