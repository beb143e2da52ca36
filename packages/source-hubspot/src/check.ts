/**
 * `pipe check`: is the token valid, which account is it, how much of the daily limit is left,
 * and does it grant each selected stream's scope. Answers with lines; throws nothing for
 * problems a person should read (a rejected token is a failed line, not a stack).
 */
import { AuthError, type CheckResult, MissingScopesError, type StreamRequest } from '@pipe/sdk';
import { type StreamSpec, apiType, objectSpec } from './catalog.ts';
import { isUnavailable } from './availability.ts';
import type { ReadEnv } from './env.ts';
import { marketingSettingsProbe } from './marketing-settings.ts';

interface AccountDetails {
  portalId?: number;
  timeZone?: string;
  uiDomain?: string;
  dataHostingLocation?: string;
}
interface Usage {
  results?: { usageLimit?: number; currentUsage?: number; resetsAt?: string }[];
}

/** `named`: whether the pipeline names a stream under `streams:` (others are skipped when the portal cannot serve them). */
export async function checkConnection(env: ReadEnv, streams: StreamRequest[], named: (stream: string) => boolean = () => true): Promise<CheckResult> {
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
  for (const s of streams) {
    const spec = await env.specs.resolve(s.schema.name);
    if (!spec) continue;
    try {
      const probe = probeFor(env, spec);
      const call = probe.body === undefined ? env.client.get(probe.url, { kind: 'check', stream: s.schema.name, params: probe.params }) : env.client.post(probe.url, probe.body, { kind: 'check', stream: s.schema.name, params: probe.params });
      await call.catch(async (e) => {
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
      details.push({ label: `stream ${s.schema.name}`, value: `missing scope: needs ${e.scopes.join(' or ') || spec.scopes.join(' or ')}${skip ? ' (will be skipped)' : ''}`, ok: skip });
    }
  }
  return { ok, details };
}

/** The cheapest call that needs the same scope as reading the stream. */
function probeFor(env: ReadEnv, spec: StreamSpec): { url: string; params?: Record<string, string | number>; orUrl?: string; body?: unknown } {
  const p = env.client.paths;
  const one = { limit: 1 };
  switch (spec.kind) {
    case 'object':
      return { url: `${p.objects}/${apiType(spec)}`, params: { limit: 1, properties: 'hs_object_id' } };
    case 'associations':
      return { url: `${p.associations}/${apiType(spec.from)}/${spec.to}/labels` };
    case 'owners':
      return { url: p.owners, params: one };
    case 'pipelines':
    case 'pipeline_stages':
      return { url: `${p.pipelines}/deals`, orUrl: `${p.pipelines}/tickets` };
    case 'marketing_emails':
      return { url: p.marketingEmails, params: one };
    case 'email_events':
      return { url: '/email/public/v1/events', params: one };
    case 'analytics': {
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return { url: '/analytics/v2/reports/totals/total', params: { start: day, end: day } };
    }
    case 'campaigns':
    case 'campaign_assets':
    case 'campaign_budget_items':
    case 'subscription_definitions':
    case 'subscription_statuses':
    case 'users':
    case 'teams':
    case 'team_members':
    case 'roles':
      return marketingSettingsProbe(spec);
    default:
      return { url: `${p.objects}/${objectSpec('contacts')!.name}`, params: { limit: 1, properties: 'hs_object_id' } };
  }
}
