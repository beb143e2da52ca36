import { COLUMN_TYPES, type Static, Type, secret } from '@pipe/sdk';

/**
 * How an endpoint pages through its records. One flat object (not a union of shapes) so
 * defaults apply and the generated reference reads as one table.
 */
export const Pagination = Type.Object(
  {
    type: Type.Union([Type.Literal('none'), Type.Literal('page'), Type.Literal('cursor')], {
      default: 'none',
      description:
        '`none`: one request returns everything. `page`: numbered pages (`?page=1&per_page=100`, 2, 3… until a page is short). `cursor`: each response names the cursor of the next page.',
    }),
    page_param: Type.String({ default: 'page', description: '`page`: query parameter holding the page number.' }),
    first_page: Type.Integer({ minimum: 0, default: 1, description: '`page`: number of the first page (0 or 1).' }),
    size_param: Type.String({ default: 'per_page', description: 'Query parameter holding the page size (empty: do not send one).' }),
    page_size: Type.Integer({ minimum: 1, default: 100, description: 'Records per page; with `page`, a shorter page is the last one.' }),
    cursor_param: Type.String({ default: 'cursor', description: '`cursor`: query parameter that carries the cursor to the next request.' }),
    next_cursor_path: Type.String({
      default: 'next_cursor',
      description: '`cursor`: dot path in the response body to the next cursor (e.g. `meta.next_cursor`); empty or missing means the last page.',
    }),
  },
  { default: {}, description: 'How to fetch the next page.' },
);

export const EndpointColumn = Type.Object({
  name: Type.String({ description: 'Field of each record (top level).' }),
  type: Type.Union(
    COLUMN_TYPES.map((t) => Type.Literal(t)),
    { description: 'Logical type; `timestamp` values are parsed from ISO strings or epoch milliseconds.' },
  ),
});

export const Endpoint = Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'Stream name (lower case, digits, _): it names tables and state.' }),
  path: Type.String({ description: 'Path relative to `base_url`, e.g. `/v1/items`.' }),
  records_path: Type.String({
    default: '',
    description: 'Dot path to the array of records in the response body (e.g. `data.items`); empty when the body is the array.',
  }),
  primary_key: Type.Array(Type.String(), { minItems: 1, description: 'Columns that identify a record.' }),
  columns: Type.Array(EndpointColumn, { minItems: 1, description: 'Columns to keep, with their types; other fields are dropped.' }),
  params: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Fixed query parameters sent with every request.' }),
  pagination: Pagination,
});

export const restConfig = Type.Object({
  base_url: Type.String({ description: 'Base URL of the API, e.g. `https://api.example.test`.', examples: ['https://api.example.test'] }),
  token: Type.Optional(secret({ description: 'API token, sent in `auth_header` as `auth_prefix` + token. Use an environment reference: `${API_TOKEN}`.' })),
  auth_header: Type.String({ default: 'Authorization', description: 'Header that carries the token.' }),
  auth_prefix: Type.String({ default: 'Bearer ', description: 'Text before the token in that header (empty for a bare API key).' }),
  requests_per_second: Type.Number({ exclusiveMinimum: 0, default: 10, description: 'Upper bound on requests per second, across all endpoints.' }),
  retries: Type.Integer({ minimum: 0, default: 4, description: 'Retries of 408, 429 and 5xx responses and network errors (jittered backoff, honours Retry-After).' }),
  endpoints: Type.Array(Endpoint, { minItems: 1, description: 'One stream per endpoint.' }),
});

export type RestConfig = Static<typeof restConfig>;
export type EndpointConfig = Static<typeof Endpoint>;
export type PaginationConfig = Static<typeof Pagination>;
