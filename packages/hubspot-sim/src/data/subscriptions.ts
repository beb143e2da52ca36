// Communication preferences (API-FACTS-2 §4): subscription definitions, and per email address one
// status per definition. Untouched statuses are a pure function of (seed, email, definition);
// the control plane's changes are kept in an override map.
import { hashString, mix } from './random.ts';

export interface SubscriptionDefinition {
  id: string;
  name: string;
  description: string;
  purpose?: string;
  communicationMethod?: string;
  isActive: boolean;
  isDefault: boolean;
  isInternal: boolean;
  businessUnitId?: number;
  createdAt: string;
  updatedAt: string;
}

export type SubscriptionState = 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'NOT_SPECIFIED';

/** v4 `PublicStatus`. */
export interface PublicStatus {
  subscriberIdString: string;
  subscriptionId: number;
  subscriptionName?: string;
  channel: 'EMAIL';
  status: SubscriptionState;
  source: string;
  timestamp: string;
  businessUnitId?: number;
  legalBasis?: string;
  legalBasisExplanation?: string;
}

export const LEGAL_BASES = ['LEGITIMATE_INTEREST_PQL', 'LEGITIMATE_INTEREST_CLIENT', 'LEGITIMATE_INTEREST_OTHER', 'PERFORMANCE_OF_CONTRACT', 'CONSENT_WITH_NOTICE', 'NON_GDPR', 'PROCESS_AND_STORE'];

export function makeDefinitions(startMs: number): SubscriptionDefinition[] {
  const at = (days: number) => new Date(startMs - days * 86_400_000).toISOString();
  const def = (id: string, name: string, extra: Partial<SubscriptionDefinition> = {}): SubscriptionDefinition => ({
    id,
    name,
    description: `${name} emails`,
    purpose: 'Marketing',
    communicationMethod: 'Email',
    isActive: true,
    isDefault: false,
    isInternal: false,
    businessUnitId: 0,
    createdAt: at(900),
    updatedAt: at(30),
    ...extra,
  });
  return [
    def('1001', 'Marketing Information', { isDefault: true }),
    def('1002', 'One to One', { purpose: 'Sales', isDefault: true }),
    def('1003', 'Newsletter 📰'),
    def('1004', 'Product updates', { updatedAt: at(2) }),
    def('1005', 'Customer service communication', { purpose: 'Service', isInternal: true }),
    def('1006', 'Old promotions', { isActive: false }),
  ];
}

/** v4 opt-out of all email (`unsubscribe-all`): an empty list means not opted out. */
export interface WideStatus {
  status: 'UNSUBSCRIBED';
  wideStatusType: 'PORTAL_WIDE' | 'BUSINESS_UNIT_WIDE';
  timestamp: string;
  channel: 'EMAIL';
  businessUnitId?: number;
}

const SOURCES = ['Self Service Resubscription', 'Public status API', 'Import', 'Form submission'];

export class Subscriptions {
  readonly definitions: SubscriptionDefinition[];
  /** email (lower case) → definition id → status set through the control plane. */
  private readonly changed = new Map<string, Map<string, PublicStatus>>();
  /** email (lower case) → opted out of all (a wide status) or back in (null), set through the control plane. */
  private readonly wideChanged = new Map<string, WideStatus | null>();

  constructor(
    private readonly seed: number,
    private readonly startMs: number,
  ) {
    this.definitions = makeDefinitions(startMs);
  }

  /** Every definition's status for one address (HubSpot answers NOT_SPECIFIED where nothing was set). */
  statuses(email: string): PublicStatus[] {
    const key = email.toLowerCase();
    return this.definitions.map((d) => this.changed.get(key)?.get(d.id) ?? this.generated(key, d));
  }

  set(email: string, subscriptionId: string, status: SubscriptionState, atMs: number, legalBasis?: string, legalBasisExplanation?: string): void {
    const key = email.toLowerCase();
    const d = this.definitions.find((x) => x.id === subscriptionId);
    if (!d) throw new Error(`no subscription definition ${subscriptionId}; known: ${this.definitions.map((x) => x.id).join(', ')}`);
    let m = this.changed.get(key);
    if (!m) this.changed.set(key, (m = new Map()));
    m.set(d.id, {
      subscriberIdString: key,
      subscriptionId: Number(d.id),
      subscriptionName: d.name,
      channel: 'EMAIL',
      status,
      source: 'Public status API',
      timestamp: new Date(atMs).toISOString(),
      businessUnitId: 0,
      ...(legalBasis ? { legalBasis } : {}),
      ...(legalBasisExplanation ? { legalBasisExplanation } : {}),
    });
  }

  /** Opt-out of all email: about 1 address in 15 is opted out. */
  wide(email: string): WideStatus[] {
    const key = email.toLowerCase();
    const set = this.wideChanged.get(key);
    if (set !== undefined) return set ? [{ ...set }] : [];
    const h = mix(mix(this.seed, hashString(key)), 0x0a11);
    if (h % 15 !== 0) return [];
    return [{ status: 'UNSUBSCRIBED', wideStatusType: 'PORTAL_WIDE', timestamp: new Date(this.startMs - ((h >>> 5) % 300) * 86_400_000).toISOString(), channel: 'EMAIL', businessUnitId: 0 }];
  }

  setOptedOutOfAll(email: string, optedOut: boolean, atMs: number): void {
    this.wideChanged.set(email.toLowerCase(), optedOut ? { status: 'UNSUBSCRIBED', wideStatusType: 'PORTAL_WIDE', timestamp: new Date(atMs).toISOString(), channel: 'EMAIL', businessUnitId: 0 } : null);
  }

  private generated(email: string, d: SubscriptionDefinition): PublicStatus {
    const h = mix(mix(this.seed, hashString(email)), Number(d.id));
    const roll = h % 10;
    const status: SubscriptionState = roll < 4 ? 'SUBSCRIBED' : roll < 6 ? 'UNSUBSCRIBED' : 'NOT_SPECIFIED';
    const out: PublicStatus = {
      subscriberIdString: email,
      subscriptionId: Number(d.id),
      subscriptionName: d.name,
      channel: 'EMAIL',
      status,
      source: status === 'NOT_SPECIFIED' ? 'Default' : SOURCES[(h >>> 8) % SOURCES.length]!,
      timestamp: new Date(this.startMs - ((h >>> 4) % 500) * 86_400_000 - (h % 86_400) * 1000).toISOString(),
      businessUnitId: 0,
    };
    if (status === 'SUBSCRIBED') {
      out.legalBasis = LEGAL_BASES[(h >>> 12) % LEGAL_BASES.length]!;
      if ((h >>> 16) % 3 === 0) out.legalBasisExplanation = 'Signed up at a trade fair';
    }
    return out;
  }
}
