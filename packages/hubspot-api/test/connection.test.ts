import { describe, expect, it } from 'vitest';
import { apiPaths, resolveBaseUrl } from '../src/client.ts';

describe('connection', () => {
  it('sends the token only over https, or plain http to loopback', () => {
    expect(resolveBaseUrl('https://api.hubapi.com/', {})).toBe('https://api.hubapi.com');
    expect(resolveBaseUrl('http://127.0.0.1:4010', {})).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl('http://localhost:4010', {})).toBe('http://localhost:4010');
    expect(() => resolveBaseUrl('http://api.example.com', {})).toThrow(/refusing to send the HubSpot token to http:\/\/api\.example\.com/);
    expect(() => resolveBaseUrl('not a url', {})).toThrow(/not a URL/);
  });

  it('HUBSPOT_BASE_URL overrides base_url, under the same rule', () => {
    expect(resolveBaseUrl('https://api.hubapi.com', { HUBSPOT_BASE_URL: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9');
    expect(() => resolveBaseUrl('https://api.hubapi.com', { HUBSPOT_BASE_URL: 'http://10.0.0.5' })).toThrow(/refusing/);
  });

  it('maps the base path to object and property paths', () => {
    expect(apiPaths('/crm/v3')).toMatchObject({ objects: '/crm/v3/objects', properties: '/crm/v3/properties', owners: '/crm/v3/owners', associations: '/crm/v4/associations', associationLabelsAlias: '/crm/associations/v4', schemas: '/crm-object-schemas/v3/schemas', legacySchemas: '/crm/v3/schemas', marketingEmails: '/marketing/v3/emails' });
    expect(apiPaths('/crm/objects/2026-03')).toMatchObject({ objects: '/crm/objects/2026-03', properties: '/crm/properties/2026-03', owners: '/crm/owners/2026-03', associations: '/crm/associations/2026-03', marketingEmails: '/marketing/emails/2026-03' });
  });

  it('names the plugin config path it was given', () => {
    expect(() => resolveBaseUrl('not a url', {}, 'sinks.hubspot')).toThrow(/^sinks\.hubspot\.base_url: "not a url" is not a URL/);
  });
});
