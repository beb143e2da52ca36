/**
 * `pipe check`: is the token valid, which account is it, how much of the daily limit is left,
 * and does it grant each selected stream's scope. Answers with lines; throws nothing for
 * problems a person should read (a rejected token is a failed line, not a stack).
 */
import { AuthError, type CheckResult, HttpError, MissingScopesError, type StreamRequest } from '@pipe/sdk';
import { readWithAlias } from '@pipe/hubspot-api';
import { type StreamSpec, apiType, isMarketingSettings, objectSpec, toApiType } from './catalog.ts';
import { isUnavailable } from './availability.ts';
import type { ReadEnv } from './env.ts';
import { parseScopeList, reviewScopes, screenName } from './scopes.ts';
import { EVENTS_PATH } from './event-occurrences.ts';
import { marketingSettingsProbe } from './marketing-settings.ts';
import { EMAIL_CAMPAIGNS_PATH } from './email-campaigns.ts';
import { dealSplitsProbe } from './deal-splits.ts';

interface AccountDetails {
  portalId?: number;
  timeZone?: string;
  uiDomain?: string;
  dataHostingLocation?: string;
}
interface Usage {
  results?: { usageLimit?: number; currentUsage?: number; resetsAt?: string }[];
}

/**
 * `named`: whether the pipeline names a stream under `streams:` (others are skipped when the portal
 * cannot serve them). `granted`: the scope list a person pasted (`pipe check --scopes`), compared
 * with what the streams need (scopes.ts).
 */
export async function checkConnection(env: ReadEnv, streams: StreamRequest[], named: (stream: string) => boolean = () => true, granted?: string[]): Promise<CheckResult> {
  const details: CheckResult['details'] = [];
  let ok = true;
  try {
    const acct = (await env.client.get<AccountDetails>('/account-info/v3/details', { kind: 'account' })).data;
    details.push({ label: 'account', value: `portal ${acct.portalId ?? '?'}, time zone ${acct.timeZone ?? '?'}${acct.dataHostingLocation ? `, hosted in ${acct.dataHostingLocation}` : ''}`, ok: true });
  } catch (e) {
    if (e instanceof AuthError) return { ok: false, details: [{ label: 'token', value: `${e.message} ${e.hint ?? ''}`.trim(), ok: false }] };
    details.push({ label: 'account', value: `could not read account details: ${(e as Error).message}`, ok: false });
  }
  try {
    const u = (await env.client.get<Usage>('/account-info/v3/api-usage/daily/private-apps', { kind: 'account' })).data.results?.[0];
    if (u?.usageLimit !== undefined) {
      const left = u.usageLimit - (u.currentUsage ?? 0);
      env.client.noteDailyReset(u.resetsAt ? new Date(u.resetsAt) : undefined);
      details.push({ label: 'daily API calls', value: `${left.toLocaleString('en-US')} of ${u.usageLimit.toLocaleString('en-US')} left${u.resetsAt ? `, resets ${u.resetsAt}` : ''}`, ok: left > 0 });
      if (left <= 0) ok = false;
    }
  } catch (e) {
    details.push({ label: 'daily API calls', value: `unknown (${(e as Error).message})`, ok: true });
  }
  details.push({ label: 'burst limit', value: `${env.client.budget.burstMax} calls per 10 s (pipe uses 90%)`, ok: true });
  const listed = granted === undefined ? undefined : new Set(parseScopeList(granted).map((n) => n.toLowerCase()));
  const needs: { stream: string; scopes: string[] }[] = [];
  for (const s of streams) {
    const spec = await env.specs.resolve(s.schema.name);
    if (!spec) continue;
    needs.push({ stream: s.schema.name, scopes: spec.scopes });
    try {
      const probe = probeFor(env, spec);
      const ask = (url: string) => (probe.post === undefined ? env.client.get(url, { kind: 'check', stream: s.schema.name, params: probe.params }) : env.client.post(url, probe.post, { kind: 'check', stream: s.schema.name, params: probe.params }));
      // A path documented under two spellings: the other one after a 404.
      const call = readWithAlias(ask, probe.url, probe.alias);
      await call.catch(async (e) => {
        // Events: a portal that lists occurrences only per record answers 400 here; the read copes (event-occurrences.ts).
        if (spec.kind === 'event_occurrences' && e instanceof HttpError && e.status === 400) return;
        // Pipelines: a tickets-only token still reads ticket pipelines.
        if (!(e instanceof MissingScopesError) || !probe.orUrl) throw e;
        await env.client.get(probe.orUrl, { kind: 'check', stream: s.schema.name }).catch((e2) => {
          throw e2 instanceof MissingScopesError ? e : e2;
        });
      });
      details.push({ label: `stream ${s.schema.name}`, value: `scope granted (${spec.scopes.join(' or ')})`, ok: true });
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      if (!(e instanceof MissingScopesError)) {
        // The portal cannot serve it (object type absent, endpoint not in the account).
        const skip = env.config.skip_unavailable || !named(s.schema.name);
        if (!skip) ok = false;
        details.push({ label: `stream ${s.schema.name}`, value: `cannot run in this portal: ${e.message}${skip ? ' (will be skipped)' : ''}`, ok: skip });
        continue;
      }
      const skip = env.config.skip_missing_scopes || env.config.skip_unavailable || !named(s.schema.name);
      if (!skip) ok = false;
      // The token says no though the pasted list says yes: another app's token, or not regenerated.
      const stale = listed && spec.scopes.some((n) => listed.has(n)) ? '; your --scopes list has it: is HUBSPOT_TOKEN the token of that app?' : '';
      details.push({ label: `stream ${s.schema.name}`, value: `missing scope: needs ${e.scopes.join(' or ') || spec.scopes.join(' or ')}${skip ? ' (will be skipped)' : ''}${stale}`, ok: skip });
    }
  }
  details.push(...scopeLines(needs, granted));
  return { ok, details };
}

/**
 * The scopes the selected streams need, as the private app's Scopes screen names them; with a
 * pasted list, what it leaves out and the names HubSpot does not know. Advice, not a verdict:
 * the probes above say what the token can do.
 */
function scopeLines(needs: { stream: string; scopes: string[] }[], granted?: string[]): CheckResult['details'] {
  const all = reviewScopes([], needs).toGrant;
  const lines: CheckResult['details'] = [{ label: 'scopes to grant', value: all.length ? all.map(screenName).join(', ') : 'none', ok: true }];
  if (granted === undefined) return lines;
  const review = reviewScopes(parseScopeList(granted), needs);
  for (const t of review.told) lines.push({ label: `scope ${t.name}`, value: `not a HubSpot scope: ${t.why}; grant ${t.instead.join(' or ')}`, ok: false });
  for (const u of review.unknown) lines.push({ label: `scope ${u.name}`, value: `not a scope HubSpot lists, as far as pipe knows${u.suggestion ? `; did you mean ${u.suggestion}?` : ' (a typo, or a scope for something pipe does not read)'}`, ok: false });
  lines.push(
    review.missing.length === 0
      ? { label: 'your scopes', value: 'cover every selected stream', ok: true }
      : {
          label: 'your scopes',
          value: `leave out ${review.missing.map((m) => m.stream).join(', ')}: add ${review.toGrant.map(screenName).join(', ')}`,
          ok: false,
        },
  );
  return lines;
}

/** A probe that posts `body` (marketing-settings.ts speaks of a body, probes here of `post`). */
const postProbe = ({ body, ...probe }: { url: string; alias?: string; params?: Record<string, string | number>; body?: unknown }) => (body === undefined ? probe : { ...probe, post: body });

/** The cheapest call that needs the same scope as reading the stream (`alias`: its other path, asked after a 404). */
function probeFor(env: ReadEnv, spec: StreamSpec): { url: string; alias?: string; params?: Record<string, string | number>; orUrl?: string; post?: unknown } {
  const p = env.client.paths;
  const one = { limit: 1 };
  if (isMarketingSettings(spec)) return postProbe(marketingSettingsProbe(spec));
  switch (spec.kind) {
    case 'object':
      return { url: `${p.objects}/${apiType(spec)}`, params: { limit: 1, properties: 'hs_object_id' } };
    case 'associations':
      return { url: `${p.associations}/${apiType(spec.from)}/${toApiType(spec)}/labels` };
    case 'owners':
      return { url: p.owners, params: one };
    case 'pipelines':
    case 'pipeline_stages':
      return { url: `${p.pipelines}/deals`, orUrl: `${p.pipelines}/tickets` };
    case 'marketing_emails':
      return { url: p.marketingEmails, params: one };
    case 'email_events':
      return { url: '/email/public/v1/events', params: one };
    case 'email_campaigns':
      return { url: `${EMAIL_CAMPAIGNS_PATH}/by-id`, params: one };
    case 'lists':
    case 'list_memberships':
      return { url: '/crm/v3/lists/search', post: { query: '', offset: 0, count: 1, additionalProperties: [] } };
    case 'forms':
    case 'form_submissions':
      return { url: '/marketing/v3/forms', params: { limit: 1, formTypes: 'all' } };
    case 'analytics': {
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return { url: '/analytics/v2/reports/totals/total', params: { start: day, end: day } };
    }
    case 'event_occurrences':
      // Any token may call it; an account without the feature (Enterprise) is refused here.
      return { url: EVENTS_PATH, params: { objectType: 'contact', limit: 1 } };
    case 'deal_splits':
      return dealSplitsProbe(env);
    default:
      return { url: `${p.objects}/${objectSpec('contacts')!.name}`, params: { limit: 1, properties: 'hs_object_id' } };
  }
}
