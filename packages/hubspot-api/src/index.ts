/**
 * @pipe/hubspot-api — what pipe's HubSpot plugins share, so that neither imports the other:
 * the connection fields, the client (one rate-limit budget per token, retries, errors a person
 * can act on, naming the config path of the plugin that uses it) and the page checks.
 */
export { type ApiPaths, type CallOptions, HubSpotClient, MALFORMED_RETRIES, apiPaths, resolveBaseUrl } from './client.ts';
export { TIERS, connectionFields, type HubSpotConnection } from './connection.ts';
export { TOKEN_HELP, TOKEN_REF, classifyResponse, errorFor, policyOf, requiredScopes } from './errors.ts';
export { BURST_BY_TIER, type Tier, TokenBudget, budgetFor } from './limits.ts';
export { type CheckedPage, MalformedPageError, type PageRequest, type PageShape, checkedPage, checkedResults, CursorTrail, fetchPage, fetchWhole, loopingCursor, readWithAlias } from './page.ts';
