// Portal-wide reference data: owners and pipelines. Small, so it is built eagerly.
import { FIRST_NAMES, LAST_NAMES, asciiSlug } from './fake.ts';
import type { PipelineInfo } from './model.ts';
import { Rng, mix } from './random.ts';

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  userIdIncludingInactive: number;
  type: 'PERSON' | 'QUEUE';
  teams: { id: string; name: string; primary: boolean }[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Owner teams; team ids are 101, 102, … in this order (settings-users.ts). */
export const TEAM_NAMES = ['Sales EMEA', 'Sales AMER', 'Support', 'Customer Success'];

export function makeOwners(seed: number, count: number, startMs: number): Owner[] {
  const owners: Owner[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng(mix(seed, 0x0ee1 + i));
    const firstName = r.pick(FIRST_NAMES);
    const lastName = r.pick(LAST_NAMES);
    const created = startMs - (1 + r.int(1500)) * 86_400_000;
    const team = r.pick(TEAM_NAMES);
    owners.push({
      id: String(41_000_000 + i * 17),
      email: `${asciiSlug(firstName) || 'owner'}.${asciiSlug(lastName) || 'x'}${i}@example.com`,
      firstName,
      lastName,
      userId: 9_000_000 + i,
      userIdIncludingInactive: 9_000_000 + i,
      type: i % 11 === 10 ? 'QUEUE' : 'PERSON',
      teams: r.chance(0.2) ? [] : [{ id: String(101 + TEAM_NAMES.indexOf(team)), name: team, primary: true }],
      // Every 7th owner is a deactivated user: visible only with archived=true.
      archived: i % 7 === 6,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created + r.int(300) * 86_400_000).toISOString(),
    });
  }
  return owners;
}

export function dealPipelines(): PipelineInfo[] {
  const st = (id: string, label: string, probability: string, closed = false) => ({
    id,
    label,
    metadata: { probability, isClosed: String(closed) },
  });
  return [
    {
      id: 'default',
      label: 'Sales Pipeline',
      stages: [
        st('appointmentscheduled', 'Appointment Scheduled', '0.2'),
        st('qualifiedtobuy', 'Qualified To Buy', '0.4'),
        st('presentationscheduled', 'Presentation Scheduled', '0.6'),
        st('decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'),
        st('contractsent', 'Contract Sent', '0.9'),
        st('closedwon', 'Closed Won', '1.0', true),
        st('closedlost', 'Closed Lost', '0.0', true),
      ],
    },
    {
      id: '2847001',
      label: 'Renewals 🔁',
      stages: [st('2847002', 'Upcoming', '0.3'), st('2847003', 'Negotiation', '0.7'), st('2847004', 'Renewed', '1.0', true), st('2847005', 'Churned', '0.0', true)],
    },
  ];
}

export function ticketPipelines(): PipelineInfo[] {
  const st = (id: string, label: string, ticketState: 'OPEN' | 'CLOSED') => ({ id, label, metadata: { ticketState } });
  return [
    {
      id: '0',
      label: 'Support Pipeline',
      stages: [st('1', 'New', 'OPEN'), st('2', 'Waiting on contact', 'OPEN'), st('3', 'Waiting on us', 'OPEN'), st('4', 'Closed', 'CLOSED')],
    },
    { id: '1120001', label: 'Escalations', stages: [st('1120002', 'Triage', 'OPEN'), st('1120003', 'Resolved', 'CLOSED')] },
  ];
}
