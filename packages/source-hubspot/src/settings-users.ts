/**
 * Users, teams, team members and roles from the settings API (API-FACTS-2 §5). Users page by
 * 100; teams and roles come unpaged. None carries a timestamp, so each is re-read whole every run.
 * `users.id` is the owners' `user_id` (join owners ↔ users there); owners keep their `teams`.
 * Each is asked under `/settings/v3/users` first and, on a 404, under `/settings/users/v3`.
 */
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { CursorTrail, fetchPage, fetchWhole, readWithAlias } from '@pipe/hubspot-api';
import type { ReadEnv } from './env.ts';

/** The docs' and SDK's path; the spec says `/settings/users/v3` (API-FACTS-2 §5, §11.5): which is live is UNCONFIRMED, so a 404 tries the other. */
export const USERS_PATH = '/settings/v3/users';
export const USERS_SPEC_PATH = '/settings/users/v3';
const USERS_PAGE = 100;

export const USERS_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Settings user id (= owners.user_id, the CRM property hs_internal_user_id).' },
  { name: 'email', type: 'string' },
  { name: 'first_name', type: 'string' },
  { name: 'last_name', type: 'string' },
  { name: 'role_id', type: 'string', description: 'roleId: joins roles.id.' },
  { name: 'role_ids', type: 'string[]', description: 'roleIds.' },
  { name: 'primary_team_id', type: 'string', description: 'primaryTeamId: joins teams.id.' },
  { name: 'secondary_team_ids', type: 'string[]', description: 'secondaryTeamIds.' },
  { name: 'super_admin', type: 'boolean' },
  { name: 'seat_names', type: 'string[]', description: 'seatNames: paid seats assigned to the user.' },
];

export const TEAMS_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Team id (owners.teams[].id).' },
  { name: 'name', type: 'string' },
  { name: 'user_ids', type: 'string[]', description: 'userIds: members whose primary team this is.' },
  { name: 'secondary_user_ids', type: 'string[]', description: 'secondaryUserIds: members for whom it is a secondary team.' },
];

export const TEAM_MEMBERS_COLUMNS: Column[] = [
  { name: 'team_id', type: 'string', nullable: false },
  { name: 'user_id', type: 'string', nullable: false, description: 'Joins users.id and owners.user_id.' },
  { name: 'team_name', type: 'string' },
  { name: 'primary', type: 'boolean', description: "true: the user's primary team (userIds); false: a secondary team (secondaryUserIds)." },
];

export const ROLES_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'requires_billing_write', type: 'boolean' },
];

interface UserJson {
  id: string | number;
  email?: string;
  firstName?: string;
  lastName?: string;
  roleId?: string | number;
  roleIds?: (string | number)[];
  primaryTeamId?: string | number;
  secondaryTeamIds?: (string | number)[];
  superAdmin?: boolean;
  seatNames?: string[];
}
interface TeamJson {
  id: string | number;
  name?: string;
  userIds?: (string | number)[];
  secondaryUserIds?: (string | number)[];
}
interface RoleJson {
  id: string | number;
  name?: string;
  requiresBillingWrite?: boolean;
}

const str = (v: string | number | undefined | null): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const strs = (v: (string | number)[] | undefined): string[] => (v ?? []).map(String);
const isList = (v: unknown) => v === undefined || Array.isArray(v);
const done = (stream: string): Batch => ({ stream, rows: [], checkpoint: { v: 1, phase: 'idle' } });

/** `read(base)` under the users path the portal serves, and that path (later pages go there too). */
const underUsersPath = <T>(read: (base: string) => Promise<T>): Promise<{ base: string; data: T }> =>
  readWithAlias(async (base) => ({ base, data: await read(base) }), USERS_PATH, USERS_SPEC_PATH);

export async function* readUsers(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const trail = new CursorTrail();
  const usersPage = (base: string, after: string | undefined) =>
    fetchPage<UserJson>(
      env.client,
      { method: 'GET', url: base },
      { kind: 'users', stream, params: { limit: USERS_PAGE, after } },
      { cursor: 'after', limit: USERS_PAGE, trail, item: (u) => (isList(u.roleIds) && isList(u.secondaryTeamIds) ? undefined : 'whose roleIds or secondaryTeamIds is not a list') },
    );
  const first = await underUsersPath((base) => usersPage(base, undefined));
  let page = first.data;
  while (true) {
    const rows = page.results.map(
      (u): Row => ({
        id: String(u.id),
        email: u.email ?? null,
        first_name: u.firstName ?? null,
        last_name: u.lastName ?? null,
        role_id: str(u.roleId),
        role_ids: strs(u.roleIds),
        primary_team_id: str(u.primaryTeamId),
        secondary_team_ids: strs(u.secondaryTeamIds),
        super_admin: u.superAdmin ?? null,
        seat_names: u.seatNames ?? [],
      }),
    );
    if (rows.length) yield { stream, rows };
    if (page.next === undefined) break;
    page = await usersPage(first.base, page.next);
  }
  yield done(stream);
}

async function teams(env: ReadEnv, stream: string): Promise<TeamJson[]> {
  const { data } = await underUsersPath((base) =>
    fetchWhole<TeamJson>(
      env.client,
      { method: 'GET', url: `${base}/teams` },
      { kind: 'teams', stream },
      { item: (t) => (isList(t.userIds) && isList(t.secondaryUserIds) ? undefined : 'whose userIds or secondaryUserIds is not a list') },
    ),
  );
  return data.results;
}

export async function* readTeams(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const rows = (await teams(env, stream)).map((t): Row => ({ id: String(t.id), name: t.name ?? null, user_ids: strs(t.userIds), secondary_user_ids: strs(t.secondaryUserIds) }));
  if (rows.length) yield { stream, rows };
  yield done(stream);
}

export async function* readTeamMembers(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const rows: Row[] = [];
  for (const t of await teams(env, stream)) {
    const member = (userId: string | number, primary: boolean): Row => ({ team_id: String(t.id), user_id: String(userId), team_name: t.name ?? null, primary });
    rows.push(...(t.userIds ?? []).map((u) => member(u, true)), ...(t.secondaryUserIds ?? []).map((u) => member(u, false)));
  }
  if (rows.length) yield { stream, rows };
  yield done(stream);
}

export async function* readRoles(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const { data: page } = await underUsersPath((base) => fetchWhole<RoleJson>(env.client, { method: 'GET', url: `${base}/roles` }, { kind: 'roles', stream }));
  const rows = page.results.map((r): Row => ({ id: String(r.id), name: r.name ?? null, requires_billing_write: r.requiresBillingWrite ?? null }));
  if (rows.length) yield { stream, rows };
  yield done(stream);
}
