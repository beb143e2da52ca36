// Legacy email campaigns (API-FACTS-2 §3.4): one id per send of a marketing email, a different id
// space from campaign GUIDs. Built from the portal's marketing emails, whose `allEmailCampaignIds`
// list every send and `primaryEmailCampaignId` the first, so both APIs tell the same story.
import { type MarketingEmail, makeMarketingEmails } from './marketing.ts';
import { Rng, mix } from './random.ts';

const DAY = 86_400_000;

/** Counter names the simulator keeps per send (HubSpot sends more; the full set is UNCONFIRMED). */
export const LEGACY_COUNTERS = ['sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribed', 'spamreport', 'hardbounced', 'softbounced', 'dropped', 'processed', 'deferred'] as const;

export interface LegacyEmailCampaign {
  id: number;
  appId: number;
  appName: string;
  /** The marketing email's id (marketing_emails.id). */
  contentId: number;
  name: string;
  subject: string;
  type: string;
  subType: string;
  numIncluded: number;
  numQueued: number;
  /** Epoch ms; the listing leaves it out of never-sent campaigns unless `listedLastUpdated` says otherwise. */
  lastUpdatedTime: number;
  sent: boolean;
  counters: Record<string, number>;
}

/** A send as the detail endpoint answers it: a copy, without the simulator's own `sent` flag. */
export function campaignDetail({ sent: _sent, counters, ...rest }: LegacyEmailCampaign): Omit<LegacyEmailCampaign, 'sent'> {
  return { ...rest, counters: { ...counters } };
}

export interface EmailCampaignOptions {
  /** Largest `limit` of the campaign listings; above it 400 (default 500, what Airbyte asks for: UNCONFIRMED). */
  maxLimit?: number;
  /** `limit` when none is given (default 100: UNCONFIRMED). */
  defaultLimit?: number;
  /** Which listed campaigns carry `lastUpdatedTime`: those ever sent (default), all, or none. UNCONFIRMED. */
  listedLastUpdated?: 'sent' | 'always' | 'never';
  /** Whether counters moving (opens, clicks…) moves `lastUpdatedTime` (default true: UNCONFIRMED). */
  countersMoveLastUpdated?: boolean;
}

const APPS: Record<string, { appId: number; appName: string }> = {
  BATCH_EMAIL: { appId: 113, appName: 'Batch' },
  AB_EMAIL: { appId: 113, appName: 'Batch' },
  RSS_EMAIL: { appId: 29, appName: 'Blog/RSS' },
  AUTOMATED_EMAIL: { appId: 20_426, appName: 'Automated' },
};

/** Counters of one send of `sent` emails, drawn from `r`. */
function countersOf(r: Rng, sent: number): Record<string, number> {
  if (sent === 0) return {};
  const delivered = Math.floor(sent * (0.9 + r.next() * 0.09));
  const open = Math.floor(delivered * r.next() * 0.6);
  const bounce = sent - delivered;
  const unsubscribed = Math.floor(delivered * r.next() * 0.01);
  return {
    sent,
    delivered,
    open,
    click: Math.floor(open * r.next() * 0.4),
    bounce,
    unsubscribed,
    spamreport: Math.floor(unsubscribed / 10),
    hardbounced: Math.floor(bounce / 2),
    softbounced: bounce - Math.floor(bounce / 2),
    dropped: r.int(5),
    processed: sent,
    deferred: r.int(20),
  };
}

/** Next answers of a route that are 200s of the wrong kind (control plane, for error tests). */
export interface OddPages {
  route: 'list' | 'detail';
  kind: 'html' | 'truncated';
  left: number;
}

export class EmailCampaigns {
  readonly opts: Required<EmailCampaignOptions>;
  readonly emails: MarketingEmail[];
  readonly campaigns: LegacyEmailCampaign[] = [];
  odd: OddPages | undefined;
  private nextId = 220_000_000;

  constructor(
    private readonly seed: number,
    emailCount: number,
    startMs: number,
    opts: EmailCampaignOptions = {},
  ) {
    this.opts = { maxLimit: 500, defaultLimit: 100, listedLastUpdated: 'sent', countersMoveLastUpdated: true, ...opts };
    this.emails = makeMarketingEmails(seed, emailCount, startMs);
    for (const [i, e] of this.emails.entries()) {
      const r = new Rng(mix(seed, 0xec0 + i));
      const counters = (e.stats.counters ?? {}) as Record<string, number>;
      const first = Number(e.primaryEmailCampaignId);
      const updated = Date.parse(e.updatedAt);
      // The first send carries the email's own statistics (v3 stats of a one-send email).
      this.campaigns.push(this.make(e, first, e.subcategory, counters.sent ?? 0, updated + r.int(DAY), Object.fromEntries(LEGACY_COUNTERS.filter((k) => counters[k] !== undefined).map((k) => [k, counters[k]!]))));
      if (!e.isPublished) continue;
      // An A/B email sends its variant too; RSS and automated emails send again and again (ids 1–4 after the first).
      const more = e.type === 'AB_EMAIL' ? 1 : e.type === 'RSS_EMAIL' || e.type === 'AUTOMATED_EMAIL' ? r.int(5) : 0;
      for (let k = 1; k <= more; k++) {
        const sent = 50 + r.int(5000);
        const at = Math.min(updated + k * (1 + r.int(20)) * DAY, startMs - 1000);
        this.campaigns.push(this.make(e, first + k, e.type === 'AB_EMAIL' ? 'ab_variant' : e.subcategory, sent, at, countersOf(r, sent)));
        e.allEmailCampaignIds.push(String(first + k));
      }
    }
  }

  private make(e: MarketingEmail, id: number, subType: string, sent: number, at: number, counters: Record<string, number>): LegacyEmailCampaign {
    const app = APPS[e.type] ?? APPS.BATCH_EMAIL!;
    return { id, ...app, contentId: Number(e.id), name: e.name, subject: e.subject, type: e.type, subType, numIncluded: sent, numQueued: 0, lastUpdatedTime: at, sent: sent > 0, counters };
  }

  find(id: number): LegacyEmailCampaign | undefined {
    return this.campaigns.find((c) => c.id === id);
  }

  /** A new send of marketing email `emailId` at `atMs` to `recipients`; the email lists the new id. */
  send(emailId: string, recipients: number, atMs: number): number {
    const e = this.emails.find((x) => x.id === emailId);
    if (!e) throw new Error(`no marketing email ${emailId}; the portal has ${this.emails.length} (ids like ${this.emails[0]?.id ?? 'none'})`);
    const id = this.nextId++;
    const r = new Rng(mix(this.seed, id));
    this.campaigns.push(this.make(e, id, e.subcategory, recipients, atMs, countersOf(r, recipients)));
    e.allEmailCampaignIds.push(String(id));
    return id;
  }

  /** Adds to a send's counters (opens, clicks… arriving); moves `lastUpdatedTime` unless the option says not. */
  count(id: number, delta: Record<string, number>, atMs: number): void {
    const c = this.find(id);
    if (!c) throw new Error(`no legacy email campaign ${id}`);
    for (const [k, v] of Object.entries(delta)) c.counters[k] = (c.counters[k] ?? 0) + v;
    if (delta.sent) c.sent = true;
    if (this.opts.countersMoveLastUpdated) c.lastUpdatedTime = atMs;
  }
}
