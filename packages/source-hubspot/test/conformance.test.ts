// The testkit's source conformance suite, against the simulator.
import { startSimulator } from '@pipe/hubspot-sim';
import { testSource } from '@pipe/testkit';
import { openHubSpot } from '../src/index.ts';
import { makeConfig } from './harness.ts';

const STREAMS: { name: string; options?: Record<string, unknown> }[] = [{ name: 'contacts' }, { name: 'deals', options: { sync: 'full' } }, { name: 'tickets', options: { delete_check_hours: 0 } }, { name: 'properties' },
  { name: 'merged_ids' },
  { name: 'owners' },
  { name: 'pipeline_stages' },
  { name: 'deals_to_contacts' },
  { name: 'cars' },
  { name: 'marketing_emails' },
  { name: 'email_events' },
  { name: 'analytics', options: { start_date: '2026-05-01', end_date: '2026-05-07' } },
  { name: 'property_history', options: { objects: ['tickets'] } },
  { name: 'lists' },
  { name: 'list_memberships' },
  { name: 'forms' },
  { name: 'form_submissions' },
  { name: 'event_occurrences', options: { objects: ['companies'] } },
  ...['campaigns', 'campaign_assets', 'campaign_budget_items', 'subscription_definitions', 'subscription_statuses', 'users', 'teams', 'team_members', 'roles'].map((name) => ({ name })),
  { name: 'email_campaigns' },
];

testSource(
  'hubspot',
  {
    async open(ctx) {
      const sim = await startSimulator({ port: 0, seed: 31, counts: { contacts: 230, deals: 120, tickets: 10 }, rateLimits: false, customProperties: 4, lists: 3, forms: 2, marketingSettings: { campaigns: 3 } });
      // No client-side burst budget: the simulator enforces none here, and waiting out a 10 s window tests nothing.
      const conn = openHubSpot(makeConfig(sim.url, sim.token, { tier: 'unlimited' }), ctx);
      // As the engine does: discover gets the pipeline's selection (property_history is opt-in, not in the default one).
      const selected = Object.fromEntries(STREAMS.map((s) => [s.name, s.options ?? {}]));
      return { connection: { ...conn, discover: () => conn.discover(selected) }, teardown: () => sim.close() };
    },
    streams: STREAMS,
  },
  { resumePoints: 3 },
);
