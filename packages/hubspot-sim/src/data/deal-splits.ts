// Deal splits (API-FACTS-2 §6 "deal splits", §7.2 deal→deal_split 313): credit for a deal shared
// between owners, a Sales Hub Enterprise feature. Not listable: read per deal id. Each deal's
// splits are derived from the seed and the deal's index (so deals created later get some too)
// until the control plane replaces them; the percentages of a deal sum to 1.0 and the deal's
// owner is one of the split owners, as HubSpot requires [docs].
import { Rng, mix } from './random.ts';

export interface DealSplit {
  id: string;
  ownerId: string;
  /** Fraction of the deal, as HubSpot sends it ("0.35"). */
  percentage: string;
  createdAt: number;
  updatedAt: number;
}

export interface DealSplitsOptions {
  /** Share of deals that have splits (default 0.4); the others have none. */
  share?: number;
  /** Most deal ids per batch read; above it 400 (default 100, the batch limit of API-FACTS §3: UNCONFIRMED for splits). */
  batchMax?: number;
  /** How a deal without splits is answered: `{id, splits: []}` ('empty', default) or left out ('omit'). UNCONFIRMED. */
  withoutSplits?: 'empty' | 'omit';
}

/** Split ids derived from a deal's index; replacements from the control plane count up from FRESH_ID. */
const SPLIT_ID_BASE = 50_000_000_000;
const FRESH_ID = 90_000_000_000;
const DAY = 86_400_000;

export class DealSplits {
  readonly opts: Required<DealSplitsOptions>;
  /** Deal id → splits set through the control plane (an empty list: splits removed). */
  private readonly replaced = new Map<string, DealSplit[]>();
  private nextId = FRESH_ID;

  constructor(
    private readonly seed: number,
    private readonly startMs: number,
    private readonly ownerIds: string[],
    opts: DealSplitsOptions = {},
  ) {
    this.opts = { share: 0.4, batchMax: 100, withoutSplits: 'empty', ...opts };
  }

  /** The splits of a live deal: `index` in the deals store, its creation time and owner. */
  of(dealId: string, index: number, createdMs: number, dealOwner: string | null): DealSplit[] {
    const set = this.replaced.get(dealId);
    if (set) return set;
    const r = new Rng(mix(mix(this.seed, 0xd5a11), index));
    if (!r.chance(this.opts.share) || this.ownerIds.length < 2) return [];
    const n = Math.min(2 + r.int(3), this.ownerIds.length);
    // Whole percents, each at least 10, summing to 100.
    const cents: number[] = [];
    let left = 100;
    for (let k = 0; k < n - 1; k++) {
      const most = left - 10 * (n - 1 - k);
      const c = 10 + r.int(Math.max(1, most - 10 + 1));
      cents.push(c);
      left -= c;
    }
    cents.push(left);
    const owners = [dealOwner && this.ownerIds.includes(dealOwner) ? dealOwner : r.pick(this.ownerIds)];
    while (owners.length < n) {
      const o = r.pick(this.ownerIds);
      if (!owners.includes(o)) owners.push(o);
    }
    const created = Math.min(this.startMs - DAY, createdMs + r.int(10) * DAY);
    return cents.map((c, k) => ({ id: String(SPLIT_ID_BASE + index * 8 + k), ownerId: owners[k]!, percentage: String(c / 100), createdAt: created, updatedAt: created }));
  }

  /** Replaces a deal's splits, as the upsert endpoint does (new split ids); [] removes them. */
  replace(dealId: string, splits: { ownerId: string; percentage: number }[], nowMs: number): DealSplit[] {
    const sum = splits.reduce((s, x) => s + x.percentage, 0);
    if (splits.length > 0 && Math.abs(sum - 1) > 1e-8) throw new Error(`deal ${dealId}: split percentages sum to ${sum}, not 1.0`);
    const set = splits.map((x) => ({ id: String(this.nextId++), ownerId: x.ownerId, percentage: String(x.percentage), createdAt: nowMs, updatedAt: nowMs }));
    this.replaced.set(dealId, set);
    return set;
  }
}

/** A split as the batch read shows it. */
export function splitJson(s: DealSplit): Record<string, unknown> {
  const created = new Date(s.createdAt).toISOString();
  const updated = new Date(s.updatedAt).toISOString();
  return {
    id: s.id,
    properties: { hs_deal_split_percentage: s.percentage, hubspot_owner_id: s.ownerId, hs_object_id: s.id, hs_createdate: created, hs_lastmodifieddate: updated },
    createdAt: created,
    updatedAt: updated,
    archived: false,
  };
}
