import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RestConfig } from '../../src/config.ts';

/** The recorded "shop" API in test/fixtures/shop and a config that reads all three endpoints. */
export const SHOP_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/shop');
export const FAKE_TOKEN = 'pat-na1-fake-test-token';

export function shopConfig(baseUrl: string, overrides: Partial<RestConfig> = {}): RestConfig {
  return {
    base_url: baseUrl,
    token: FAKE_TOKEN,
    auth_header: 'Authorization',
    auth_prefix: 'Bearer ',
    requests_per_second: 1000,
    retries: 0,
    endpoints: [
      {
        name: 'items',
        path: '/v1/items',
        records_path: 'data.items',
        primary_key: ['id'],
        params: {},
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'string' },
          { name: 'price', type: 'number' },
          { name: 'in_stock', type: 'boolean' },
          { name: 'tags', type: 'string[]' },
          { name: 'updated_at', type: 'timestamp' },
        ],
        pagination: { type: 'page', page_param: 'page', size_param: 'per_page', page_size: 3, first_page: 1, cursor_param: 'cursor', next_cursor_path: '' },
      },
      {
        name: 'events',
        path: '/v1/events',
        records_path: 'events',
        primary_key: ['event_id'],
        params: {},
        columns: [
          { name: 'event_id', type: 'string' },
          { name: 'kind', type: 'string' },
          { name: 'at', type: 'timestamp' },
          { name: 'meta', type: 'json' },
        ],
        pagination: { type: 'cursor', page_param: 'page', first_page: 1, size_param: 'limit', page_size: 4, cursor_param: 'cursor', next_cursor_path: 'meta.next_cursor' },
      },
      {
        name: 'currencies',
        path: '/v1/currencies',
        records_path: '',
        primary_key: ['code'],
        params: {},
        columns: [
          { name: 'code', type: 'string' },
          { name: 'rate', type: 'number' },
        ],
        pagination: { type: 'none', page_param: 'page', first_page: 1, size_param: '', page_size: 100, cursor_param: 'cursor', next_cursor_path: '' },
      },
    ],
    ...overrides,
  };
}
