// Marketing emails (v3, with statistics) and legacy email events, derived from the seed.
import { contactEmail, FIRST_NAMES, LAST_NAMES, sentence } from './fake.ts';
import { Rng, mix } from './random.ts';

const DAY = 86_400_000;

export interface MarketingEmail {
  id: string;
  name: string;
  subject: string;
  state: string;
  type: string;
  subcategory: string;
  isPublished: boolean;
  isTransactional: boolean;
  isAb: boolean;
  archived: boolean;
  campaign: string;
  campaignName: string;
  allEmailCampaignIds: string[];
  primaryEmailCampaignId: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  publishDate?: string;
  createdById: string;
  updatedById: string;
  from: { fromName: string; replyTo: string };
  to: { contactLists: { include: string[]; exclude: string[] } };
  language: string;
  workflowNames: string[];
  stats: Record<string, unknown>;
}

const TYPES = ['BATCH_EMAIL', 'BATCH_EMAIL', 'AUTOMATED_EMAIL', 'AB_EMAIL', 'RSS_EMAIL'];

export function makeMarketingEmails(seed: number, count: number, startMs: number): MarketingEmail[] {
  const out: MarketingEmail[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng(mix(seed, 0xe3a1 + i));
    const type = r.pick(TYPES);
    const published = type === 'AUTOMATED_EMAIL' || r.chance(0.75);
    const created = startMs - (10 + r.int(700)) * DAY - r.int(DAY);
    const updated = created + r.int(30) * DAY;
    const campaignId = String(210_000_000 + i * 7);
    const sent = published ? 100 + r.int(50_000) : 0;
    const delivered = Math.floor(sent * (0.9 + r.next() * 0.09));
    const open = Math.floor(delivered * r.next() * 0.6);
    const click = Math.floor(open * r.next() * 0.4);
    const bounce = sent - delivered;
    const unsubscribed = Math.floor(delivered * r.next() * 0.01);
    const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 100);
    out.push({
      id: String(60_000_000_000 + i * 131),
      name: `${r.pick(['Newsletter', 'Webinar invite', 'Product update', 'Welcome', 'Renewal reminder'])} #${i + 1}${r.chance(0.1) ? ' 🎉' : ''}`,
      subject: sentence(r),
      state: published ? (type === 'AUTOMATED_EMAIL' ? 'AUTOMATED' : 'PUBLISHED') : r.pick(['DRAFT', 'SCHEDULED']),
      type,
      subcategory: type === 'AB_EMAIL' ? 'ab_master' : type === 'AUTOMATED_EMAIL' ? 'automated' : 'batch',
      isPublished: published,
      isTransactional: false,
      isAb: type === 'AB_EMAIL',
      archived: i % 13 === 12,
      campaign: `${(0x1000_0000 + i).toString(16)}-4b1e-4c2d-9f00-${String(i).padStart(12, '0')}`,
      campaignName: `Campaign ${1 + (i % 6)}`,
      allEmailCampaignIds: [campaignId],
      primaryEmailCampaignId: campaignId,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(updated).toISOString(),
      ...(published ? { publishedAt: new Date(updated).toISOString(), publishDate: new Date(updated).toISOString() } : {}),
      createdById: String(9_000_000 + r.int(20)),
      updatedById: String(9_000_000 + r.int(20)),
      from: { fromName: 'Acme Marketing', replyTo: 'marketing@example.com' },
      to: { contactLists: { include: [String(1 + r.int(40))], exclude: [] } },
      language: r.pick(['en', 'de', 'fr', 'ja']),
      workflowNames: type === 'AUTOMATED_EMAIL' ? ['Onboarding flow'] : [],
      stats: {
        counters: { sent, delivered, open, click, bounce, unsubscribed, spamreport: Math.floor(unsubscribed / 10), hardbounced: Math.floor(bounce / 2), softbounced: bounce - Math.floor(bounce / 2), dropped: r.int(5), selected: sent, processed: sent, deferred: r.int(20) },
        ratios: { openratio: ratio(open, delivered), clickratio: ratio(click, delivered), clickthroughratio: ratio(click, open), bounceratio: ratio(bounce, sent), deliveredratio: ratio(delivered, sent), unsubscribedratio: ratio(unsubscribed, delivered) },
        deviceBreakdown: { open_device_type: { computer: Math.floor(open * 0.6), mobile: open - Math.floor(open * 0.6), unknown: 0 }, click_device_type: { computer: Math.floor(click * 0.5), mobile: click - Math.floor(click * 0.5), unknown: 0 } },
        qualifierStats: {},
      },
    });
  }
  return out;
}

export interface EmailEvent {
  id: string;
  created: number;
  type: string;
  recipient: string;
  portalId: number;
  appId: number;
  appName: string;
  emailCampaignId: number;
  sentBy: { id: string; created: number };
  [extra: string]: unknown;
}

const EVENT_TYPES = ['PROCESSED', 'SENT', 'DELIVERED', 'DELIVERED', 'OPEN', 'OPEN', 'CLICK', 'BOUNCE', 'DEFERRED', 'DROPPED', 'STATUSCHANGE', 'SPAMREPORT', 'FORWARD', 'PRINT'];

/** Event `k` of `count`, spread over the last 90 days, ascending by `created`. */
export function emailEvent(seed: number, k: number, count: number, startMs: number, emails: MarketingEmail[], portalId: number): EmailEvent {
  const r = new Rng(mix(seed, 0xe7e7 + k));
  const created = startMs - 90 * DAY + Math.floor((k * 90 * DAY) / Math.max(1, count)) + r.int(1000);
  const email = emails.length ? emails[r.int(emails.length)]! : undefined;
  const type = r.pick(EVENT_TYPES);
  const recipient = contactEmail(r.pick(FIRST_NAMES), r.pick(LAST_NAMES), r.int(1000), r);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const ev: EmailEvent = {
    id: `${hex(mix(seed, k))}-${hex(mix(k, 3)).slice(0, 4)}-4${hex(k).slice(5)}-8${hex(mix(k, 5)).slice(0, 3)}-${hex(mix(k, 7))}${hex(k).slice(4)}`,
    created,
    type,
    recipient,
    portalId,
    appId: 113,
    appName: 'Batch',
    emailCampaignId: Number(email?.primaryEmailCampaignId ?? 0),
    sentBy: { id: `${hex(mix(seed, k ^ 0x5e))}-sent`, created: created - r.int(3_600_000) },
  };
  if (type === 'OPEN' || type === 'CLICK') {
    ev.browser = { name: r.pick(['Chrome', 'Firefox', 'Safari', 'Outlook']), family: 'Browser', producer: 'Various', type: 'Browser', version: [String(100 + r.int(30))] };
    ev.location = { country: r.pick(['Germany', 'United States', 'Brazil', 'Japan']), state: '', city: r.pick(['Berlin', 'Austin', 'São Paulo', 'Tōkyō']) };
    ev.deviceType = r.pick(['COMPUTER', 'MOBILE']);
    ev.filteredEvent = r.chance(0.05);
  }
  if (type === 'CLICK') ev.url = `https://example.com/landing/${r.int(50)}?utm_source=hubspot`;
  if (type === 'BOUNCE') Object.assign(ev, { category: r.pick(['MAILBOX_FULL', 'UNKNOWN_USER', 'SPAM']), response: '550 5.1.1 user unknown', status: '5.1.1' });
  if (type === 'DELIVERED') Object.assign(ev, { response: '250 2.0.0 OK', smtpId: `<${ev.id}@example.com>` });
  if (type === 'DROPPED') ev.dropReason = r.pick(['PREVIOUSLY_BOUNCED', 'PREVIOUS_SPAM', 'UNSUBSCRIBED']);
  if (type === 'STATUSCHANGE') Object.assign(ev, { source: 'SOURCE_RECIPIENT', subscriptions: [{ id: 5, status: 'UNSUBSCRIBED' }], requestedBy: recipient });
  return ev;
}
