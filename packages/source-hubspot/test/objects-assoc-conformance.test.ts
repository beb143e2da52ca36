// The testkit's source conformance suite for the further object types, association pairs (the
// default set's new ones, custom ↔ custom, one chosen in the pipeline) and custom-object history.
import { startSimulator } from '@pipe/hubspot-sim';
import { testSource } from '@pipe/testkit';
import { openHubSpot } from '../src/index.ts';
import { makeConfig } from './harness.ts';

const STREAMS: { name: string; options?: Record<string, unknown> }[] = [
  { name: 'leads' },
  { name: 'courses', options: { sync: 'full' } },
  { name: 'calls_to_deals' },
  { name: 'companies_to_companies' },
  { name: 'cars_to_pets' },
  { name: 'notes_to_pets' },
  { name: 'property_history', options: { objects: ['cars'] } },
];

testSource(
  'hubspot (further objects and association pairs)',
  {
    async open(ctx) {
      const sim = await startSimulator({
        port: 0,
        seed: 33,
        furtherObjects: ['leads', 'courses'],
        counts: { contacts: 30, companies: 40, deals: 20, calls: 30, notes: 10, leads: 150, courses: 5 },
        customObjects: [{ name: 'cars', count: 20 }, { name: 'pets', count: 10 }],
        rateLimits: false,
        customProperties: 2,
      });
      const conn = openHubSpot(makeConfig(sim.url, sim.token, { associations: [['notes', 'pets']] }), ctx);
      const selected = Object.fromEntries(STREAMS.map((s) => [s.name, s.options ?? {}]));
      return { connection: { ...conn, discover: () => conn.discover(selected) }, teardown: () => sim.close() };
    },
    streams: STREAMS,
  },
  { resumePoints: 3 },
);
