// Accounting for every record in HubSpot's answers, including ones that name no records.
import type { HubSpotClient } from '@pipe/hubspot-api';
import { describe, expect, it } from 'vitest';
import type { StreamPlan } from '../src/plan.ts';
import { sendRecords } from '../src/send.ts';

const plan: StreamPlan = { stream: 's', object: 'contacts', idProperty: 'email', byRecordId: false, keyColumn: 'email', fields: [], nulls: 'skip' };
const records = ['a@x.io', 'b@x.io', 'c@x.io'].map((key) => ({ key, properties: { email: key } }));

/** A client stub that answers every batch write with `answer(inputs)`. */
function stub(answer: (inputs: { id: string }[]) => { status: number; data: unknown }): HubSpotClient {
  return {
    paths: { objects: '/crm/v3/objects', properties: '/crm/v3/properties' },
    post: async (_url: string, body: { inputs: { id: string }[] }) => ({ ...answer(body.inputs), headers: {}, url: '' }),
  } as unknown as HubSpotClient;
}

describe('sendRecords', () => {
  it('a 207 error without ids rejects every record HubSpot did not confirm, with its message', async () => {
    const client = stub(() => ({
      status: 207,
      data: { results: [{ id: '1', new: false, properties: { email: 'A@x.io' } }], errors: [{ category: 'VALIDATION_ERROR', message: 'something failed' }] },
    }));
    const out = await sendRecords(client, plan, records, 'sinks.hubspot');
    expect(out.updated).toBe(1);
    expect(out.rejects.map((r) => [r.key, r.category, r.reason])).toEqual([
      ['b@x.io', 'UNATTRIBUTED_ERROR', 'VALIDATION_ERROR: something failed'],
      ['c@x.io', 'UNATTRIBUTED_ERROR', 'VALIDATION_ERROR: something failed'],
    ]);
  });

  it('results that do not echo the id property are trusted by count', async () => {
    const client = stub((inputs) => ({ status: 200, data: { results: inputs.map((_, i) => ({ id: String(i), new: true, properties: {} })) } }));
    const out = await sendRecords(client, plan, records, 'sinks.hubspot');
    expect(out).toMatchObject({ created: 3, rejects: [] });
  });

  it('a record missing from a 200 answer is not silently lost', async () => {
    const client = stub(() => ({ status: 200, data: { results: [{ id: '1', properties: { email: 'a@x.io' } }] } }));
    const out = await sendRecords(client, plan, records, 'sinks.hubspot');
    expect(out.rejects.map((r) => [r.key, r.category])).toEqual([
      ['b@x.io', 'UNCONFIRMED'],
      ['c@x.io', 'UNCONFIRMED'],
    ]);
  });

  it('a 400 for the whole batch is split until the bad record stands alone', async () => {
    const client = stub((inputs) =>
      inputs.some((x) => x.id === 'b@x.io')
        ? { status: 400, data: { category: 'VALIDATION_ERROR', message: 'Property values were not valid' } }
        : { status: 200, data: { results: inputs.map((x) => ({ id: x.id, new: true, properties: { email: x.id } })) } },
    );
    const out = await sendRecords(client, plan, records, 'sinks.hubspot');
    expect(out.created).toBe(2);
    expect(out.rejects.map((r) => [r.key, r.category, r.reason])).toEqual([['b@x.io', 'VALIDATION_ERROR', 'Property values were not valid']]);
    expect(out.calls).toBe(5); // [a,b,c] → [a,b] → [a] [b]; [c]
  });
});
