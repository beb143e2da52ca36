// The testkit's source conformance suite, against the simulator.
import { startSimulator } from '@pipe/hubspot-sim';
import { testSource } from '@pipe/testkit';
import { openHubSpot } from '../src/index.ts';
import { makeConfig } from './harness.ts';

testSource(
  'hubspot',
  {
    async open(ctx) {
      const sim = await startSimulator({ port: 0, seed: 31, counts: { contacts: 230, deals: 120, tickets: 10 }, rateLimits: false, customProperties: 4 });
      return { connection: openHubSpot(makeConfig(sim.url, sim.token), ctx), teardown: () => sim.close() };
    },
    streams: [{ name: 'contacts' }, { name: 'deals', options: { sync: 'full' } }, { name: 'tickets', options: { delete_check_hours: 0 } }, { name: 'properties' },
      { name: 'merged_ids' },
      { name: 'owners' },
      { name: 'pipeline_stages' },
      { name: 'deals_to_contacts' },
      { name: 'cars' },
      { name: 'marketing_emails' },
      { name: 'email_events' },
      { name: 'analytics', options: { start_date: '2026-05-01', end_date: '2026-05-07' } },
      { name: 'property_history', options: { objects: ['tickets'] } },
    ],
  },
  { resumePoints: 3 },
);
