// The control plane of deal splits: tests replace a deal's splits and read the truth (copies).
import type { DealSplit } from './data/deal-splits.ts';
import type { Portal } from './data/portal.ts';

export interface TruthDealSplit {
  dealId: string;
  id: string;
  ownerId: string;
  percentage: string;
  createdAt: string;
  updatedAt: string;
}

export interface DealSplitsControl {
  /** Every split of every live deal, by deal id then split id order as served. */
  truth(): TruthDealSplit[];
  /** Replaces a live deal's splits (percentages must sum to 1.0; [] removes them); returns the new split ids. */
  replace(dealId: string, splits: { ownerId: string; percentage: number }[]): string[];
  /** Owner ids splits may name (active people). */
  ownerIds(): string[];
}

export function dealSplitsControl(portal: Portal): DealSplitsControl {
  const iso = (n: number) => new Date(n).toISOString();
  const deals = () => portal.store('deals');
  const splitsOf = (id: string): DealSplit[] => {
    const s = deals();
    const i = s.indexOf(id);
    if (!s.isLive(i)) throw new Error(`deal ${id} does not exist (or is archived, merged or deleted)`);
    return portal.dealSplits.of(id, i, s.created[i]!, s.value(i, 'hubspot_owner_id'));
  };
  return {
    truth() {
      const s = deals();
      const out: TruthDealSplit[] = [];
      for (let i = 0; i < s.size; i++) {
        if (!s.isLive(i)) continue;
        const dealId = s.idOf(i);
        for (const x of splitsOf(dealId)) out.push({ dealId, id: x.id, ownerId: x.ownerId, percentage: x.percentage, createdAt: iso(x.createdAt), updatedAt: iso(x.updatedAt) });
      }
      return out;
    },
    replace(dealId, splits) {
      splitsOf(dealId);
      return portal.dealSplits.replace(dealId, splits, portal.nowMs()).map((x) => x.id);
    },
    ownerIds: () => portal.owners.filter((o) => o.type === 'PERSON' && !o.archived).map((o) => o.id),
  };
}
