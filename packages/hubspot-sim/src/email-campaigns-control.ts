// The control plane of legacy email campaigns: tests send emails, move counters, ask for odd pages,
// and read the truth (copies, never the live objects).
import { campaignDetail, type LegacyEmailCampaign, type OddPages } from './data/email-campaigns.ts';
import type { Portal } from './data/portal.ts';

/** A send as the detail endpoint answers it (the simulator's own `sent` flag left out). */
export type TruthEmailCampaign = Omit<LegacyEmailCampaign, 'sent'>;

export interface EmailCampaignsControl {
  /** Every send, as the detail endpoint answers it. */
  campaigns(): TruthEmailCampaign[];
  /** Marketing emails with the ids of their sends (`allEmailCampaignIds`, first = primary). */
  emails(): { id: string; primaryEmailCampaignId: string; allEmailCampaignIds: string[] }[];
  /** A new send of a marketing email now; returns the new email campaign id. */
  send(emailId: string, recipients?: number): number;
  /** Opens, clicks… arriving for a send: added to its counters. */
  count(campaignId: number, delta: Record<string, number>): void;
  /** The next `left` answers of the listing (`list`) or of the detail call (`detail`) are 200s of the wrong kind. */
  oddPages(pages: OddPages): void;
}

export function emailCampaignsControl(portal: Portal): EmailCampaignsControl {
  const data = portal.email;
  return {
    campaigns: () => data.campaigns.map(campaignDetail),
    emails: () => data.emails.map((e) => ({ id: e.id, primaryEmailCampaignId: e.primaryEmailCampaignId, allEmailCampaignIds: [...e.allEmailCampaignIds] })),
    send: (emailId, recipients = 1000) => data.send(emailId, recipients, portal.nowMs()),
    count: (id, delta) => data.count(id, delta, portal.nowMs()),
    oddPages(pages) {
      data.odd = { ...pages };
    },
  };
}
