// Settings users, teams and roles (API-FACTS-2 §5), derived from the owners: every active PERSON
// owner is a user (owner.userId = user id), teams come from the owners' teams. Users carry no
// timestamps. Kept mutable for the control plane; teams are computed from the users on each read.
import { Rng, mix } from './random.ts';
import { TEAM_NAMES, type Owner } from './world.ts';

export interface SettingsUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  roleId?: string;
  roleIds: string[];
  primaryTeamId?: string;
  secondaryTeamIds: string[];
  superAdmin: boolean;
  seatNames?: string[];
}

export interface Role {
  id: string;
  name: string;
  requiresBillingWrite: boolean;
}

export interface Team {
  id: string;
  name: string;
  userIds: string[];
  secondaryUserIds: string[];
}

export const teamId = (name: string): string => String(101 + TEAM_NAMES.indexOf(name));

export const ROLES: Role[] = [
  { id: '5001', name: 'Sales rep', requiresBillingWrite: false },
  { id: '5002', name: 'Marketing manager', requiresBillingWrite: false },
  { id: '5003', name: 'Account admin', requiresBillingWrite: true },
];

/** Users of the active PERSON owners. Every 5th also sits in a second team (owners get it too, primary false). */
export function makeUsers(seed: number, owners: Owner[]): SettingsUser[] {
  const users: SettingsUser[] = [];
  for (const [i, o] of owners.entries()) {
    if (o.archived || o.type !== 'PERSON') continue;
    const r = new Rng(mix(seed, 0x05e7 + i));
    const primary = o.teams.find((t) => t.primary);
    const secondary: string[] = [];
    if (primary && i % 5 === 0) {
      const other = TEAM_NAMES.find((n) => teamId(n) !== primary.id)!;
      secondary.push(teamId(other));
      o.teams.push({ id: teamId(other), name: other, primary: false });
    }
    const role = users.length === 0 ? undefined : r.pick(ROLES);
    users.push({
      id: String(o.userId),
      email: o.email,
      firstName: o.firstName,
      lastName: o.lastName,
      ...(role ? { roleId: role.id } : {}),
      roleIds: role ? [role.id] : [],
      ...(primary ? { primaryTeamId: primary.id } : {}),
      secondaryTeamIds: secondary,
      superAdmin: users.length === 0,
      seatNames: r.chance(0.5) ? ['Sales Hub Professional'] : [],
    });
  }
  return users;
}

/** Teams as `GET /settings/v3/users/teams` answers them: members by primary and secondary team. */
export function teamsOf(users: SettingsUser[]): Team[] {
  return TEAM_NAMES.map((name) => {
    const id = teamId(name);
    return {
      id,
      name,
      userIds: users.filter((u) => u.primaryTeamId === id).map((u) => u.id),
      secondaryUserIds: users.filter((u) => u.secondaryTeamIds.includes(id)).map((u) => u.id),
    };
  });
}
