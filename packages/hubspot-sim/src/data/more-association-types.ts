// Association kinds beyond the core pairs (API-FACTS-2 §7.2): engagements to companies, deals and
// tickets, quotes to line items, contacts and companies, company parent/child, and custom ↔ custom.
// Type ids are HubSpot's (from its SDKs); custom ↔ custom ids are portal-specific (USER_DEFINED).
import type { AssocType, PairSpec } from './association-types.ts';
import type { Rng } from './random.ts';

const t = (typeId: number, v3Name: string, label: string | null = null, category: AssocType['category'] = 'HUBSPOT_DEFINED'): AssocType => ({ typeId, category, label, v3Name });
const all = () => [0];
const upTo = (max: number) => (r: Rng, n: number) => {
  if (n === 0 || r.chance(0.3)) return [];
  const out = new Set<number>();
  for (let j = 1 + r.int(max); j > 0; j--) out.add(r.int(n));
  return [...out].sort((a, b) => a - b);
};

/** [engagement, singular, X→company, company→X, X→deal, deal→X, X→ticket, ticket→X] */
const ENGAGEMENT_IDS: [string, string, number, number, number, number, number, number][] = [
  ['calls', 'call', 182, 181, 206, 205, 220, 219],
  ['emails', 'email', 186, 185, 210, 209, 224, 223],
  ['meetings', 'meeting', 188, 187, 212, 211, 226, 225],
  ['notes', 'note', 190, 189, 214, 213, 228, 227],
  ['tasks', 'task', 192, 191, 216, 215, 230, 229],
];

const simple = (from: string, fs: string, to: string, ts: string, fwd: number, rev: number): PairSpec => ({
  from,
  to,
  fwd: [t(fwd, `${fs}_to_${ts}`)],
  rev: [t(rev, `${ts}_to_${fs}`)],
  kinds: all,
  targets: upTo(2),
});

/** Company hierarchy: a generated company may have a parent with a lower index (13 parent → child, 14 child → parent). */
export const COMPANY_HIERARCHY: PairSpec = {
  from: 'companies',
  to: 'companies',
  fwd: [t(14, 'child_to_parent_company', 'Parent Company')],
  rev: [t(13, 'parent_to_child_company', 'Child Company')],
  kinds: all,
  // For a pair of one type, `n` is the record's own index: parents come before their children.
  targets: (r, n) => (n === 0 || r.chance(0.5) ? [] : [r.int(n)]),
};

export function morePairs(customNames: string[]): PairSpec[] {
  const out: PairSpec[] = [COMPANY_HIERARCHY];
  for (const [e, s, toCo, coTo, toDeal, dealTo, toTicket, ticketTo] of ENGAGEMENT_IDS) {
    out.push(simple(e, s, 'companies', 'company', toCo, coTo), simple(e, s, 'deals', 'deal', toDeal, dealTo), simple(e, s, 'tickets', 'ticket', toTicket, ticketTo));
  }
  out.push(simple('quotes', 'quote', 'line_items', 'line_item', 67, 68), simple('quotes', 'quote', 'contacts', 'contact', 69, 70), simple('quotes', 'quote', 'companies', 'company', 71, 72));
  // Custom ↔ custom: each custom object with the next one (labels are the portal's own).
  for (let i = 0; i + 1 < customNames.length; i++) {
    const [a, b] = [customNames[i]!, customNames[i + 1]!];
    const id = 3000 + i * 2;
    out.push({ from: a, to: b, fwd: [t(id, `${a}_to_${b}`, null, 'USER_DEFINED'), t(id + 100, `${a}_to_${b}_owner`, 'Owner', 'USER_DEFINED')], rev: [t(id + 1, `${b}_to_${a}`, null, 'USER_DEFINED'), t(id + 101, `${b}_to_${a}_owned`, 'Owned by', 'USER_DEFINED')], kinds: (r) => (r.chance(0.3) ? [0, 1] : [0]), targets: upTo(3) });
  }
  return out;
}
