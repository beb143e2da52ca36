// Settings users (cursor paging, ≤ 100 per page, lookup by id or email), teams and roles
// (unpaged). Served at `/settings/v3/users` (SDK, docs) and `/settings/users/v3` (spec): both, or
// only one as `userPaths` says (UNCONFIRMED which is live); the other answers 404.
import type { Portal } from '../data/portal.ts';
import { teamsOf } from '../data/settings-users.ts';
import { badRequest, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, RouteDef, Router } from '../http/router.ts';
import { lacking } from './campaigns.ts';
import { decodeCursor, encodeCursor, limitParam } from './records.ts';

const USER_SCOPES = () => ['settings.users.read', 'settings.users.write', 'crm.objects.users.read'];
const TEAM_SCOPES = () => ['settings.users.teams.read', 'settings.users.teams.write'];

export function settingsUserRoutes(router: Router, portal: Portal): void {
  const ms = portal.marketingSettings;
  for (const [base, which] of [
    ['/settings/v3/users', 'docs'],
    ['/settings/users/v3', 'spec'],
  ] as const) {
    const served = () => portal.behaviour.userPaths === 'both' || portal.behaviour.userPaths === which;
    const add = (route: RouteDef) => router.add({ ...route, handle: (ctx) => (served() ? route.handle(ctx) : notFound()) });
    add({ method: 'GET', pattern: `${base}/teams`, name: 'settings.teams', scopes: TEAM_SCOPES, handle: () => json(200, { results: teamsOf(ms.users) }) });
    add({
      method: 'GET',
      pattern: `${base}/roles`,
      name: 'settings.roles',
      scopes: USER_SCOPES,
      handle: () => lacking(portal.opts.accountLacks?.roles, 'user roles (Enterprise)') ?? json(200, { results: ms.roles.map((r) => ({ ...r })) }),
    });
    add({
      method: 'GET',
      pattern: base,
      name: 'settings.users.list',
      scopes: USER_SCOPES,
      handle: (ctx: RequestContext): Reply => {
        const limit = limitParam(ctx, 100, 100, 'error');
        if (typeof limit !== 'number') return limit;
        const start = decodeCursor(ctx.query.get('after'));
        if (typeof start !== 'number') return start;
        const out: Record<string, unknown> = { results: ms.users.slice(start, start + limit).map((u) => ({ ...u })) };
        if (start + limit < ms.users.length) {
          const after = encodeCursor(start + limit);
          out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
        }
        return json(200, out);
      },
    });
    add({
      method: 'GET',
      pattern: `${base}/:userId`,
      name: 'settings.users.read',
      scopes: USER_SCOPES,
      handle: (ctx: RequestContext): Reply => {
        const by = ctx.query.get('idProperty') ?? 'USER_ID';
        if (by !== 'USER_ID' && by !== 'EMAIL') return badRequest(`idProperty must be USER_ID or EMAIL, got ${by}`);
        const key = ctx.params.userId!;
        const u = ms.users.find((x) => (by === 'EMAIL' ? x.email.toLowerCase() === key.toLowerCase() : x.id === key));
        return u ? json(200, { ...u }) : notFound(`User ${key} was not found`);
      },
    });
  }
}
