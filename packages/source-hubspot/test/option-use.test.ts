// An option under a stream that does not read it is ignored at run time, so pipe warns about it.
import { describe, expect, it } from 'vitest';
import { breakdownWarnings } from '../src/analytics.ts';
import { OPTION_USE, unreadOptionWarnings } from '../src/option-use.ts';
import { hubspotStreamOptions } from '../src/config.ts';

describe('stream options a stream does not read', () => {
  it('warns per misplaced option and leaves options where they are read alone', () => {
    const warnings = unreadOptionWarnings({
      contacts: { properties: ['email'], parallel_full_sync: true, objects: ['deals'], full_refresh_hours: 24 },
      property_history: { objects: ['deals'], properties: ['dealstage'], exclude_properties: ['amount'] },
      contacts_to_companies: { full_refresh_hours: 24 },
      analytics: { breakdowns: ['totals'], period: 'daily', start_date: '2026-01-01', end_date: '2026-02-01' },
      campaign_assets: { metrics_days: 30, event_types: ['e_visited_page'] },
      deals: { sync: 'full', lookback_minutes: 5 },
    });
    expect(warnings.map((w) => w.path.join('.'))).toEqual(['streams.contacts.objects', 'streams.contacts.full_refresh_hours', 'streams.campaign_assets.event_types']);
    expect(warnings[0]!.message).toBe('contacts does not read `objects`, so it is ignored (read by properties, merged_ids, property_history, event_occurrences)');
  });

  it('does not judge streams it cannot know before a run (custom objects and their association pairs)', () => {
    expect(unreadOptionWarnings({ cars: { properties: ['model'], parallel_full_sync: false }, cars_to_deals: { full_refresh_hours: 1 } })).toEqual([]);
  });

  it('warns about an analytics breakdown HubSpot does not document, with the closest it does', () => {
    const warnings = breakdownWarnings({ analytics: { breakdowns: ['totals', 'source', 'page-views'] }, contacts: { breakdowns: ['nonsense'] } });
    expect(warnings.map((w) => w.path.join('.'))).toEqual(['streams.analytics.breakdowns.1', 'streams.analytics.breakdowns.2']);
    expect(warnings[0]!.message).toBe('"source" is not a breakdown HubSpot documents (totals, sessions, sources, geolocation, utm-campaigns); it is sent as written, and the stream fails if HubSpot refuses it');
    expect(warnings[0]!.hint).toBe('check the name; did you mean "sources"?');
    expect(warnings[1]!.hint).toBe('check the name');
  });

  it('knows only options the stream options declare', () => {
    const declared = Object.keys((hubspotStreamOptions as { properties: Record<string, unknown> }).properties);
    for (const option of Object.keys(OPTION_USE)) expect(declared).toContain(option);
  });
});
