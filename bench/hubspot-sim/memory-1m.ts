// Peak RSS of the simulator holding 1,000,000 contacts while serving a realistic mix: full-list pages,
// searches over all contacts (sorted by last-modified, with >10k ties), batch reads, association
// reads (the reverse company→contacts index), archived lists and writes.
//
//   pnpm exec tsx bench/hubspot-sim/memory-1m.ts [--contacts 1000000] [--pages 3000]
import { parseArgs } from 'node:util';
import { processRss, startSimProcess } from '../engine/sim-process.ts';

const { values: args } = parseArgs({
  options: { contacts: { type: 'string', default: '1000000' }, pages: { type: 'string', default: '3000' } },
});

const sim = await startSimProcess(['--contacts', args.contacts!, '--no-rate-limits', '--tied', `contacts=12000`]);
const { url, token } = sim;
const pid = sim.child.pid!;
const afterStart = processRss(pid);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const get = async (path: string) => (await fetch(`${url}${path}`, { headers })).json() as Promise<any>;
const post = async (path: string, body: unknown) => (await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json() as Promise<any>;

const t0 = performance.now();
const phases: Record<string, number> = { start: afterStart.peakMb };
const mark = (name: string) => {
  phases[name] = processRss(pid).peakMb;
};
let after: string | undefined;
for (let p = 0; p < Number(args.pages); p++) {
  const page = await get(`/crm/v3/objects/contacts?limit=100&properties=email,firstname,lastname,lifecyclestage,custom_text_1,custom_multi_1${after ? `&after=${after}` : ''}`);
  after = page.paging?.next?.after;
}
mark('listPages');
for (const direction of ['ASCENDING', 'DESCENDING']) {
  await post('/crm/v3/objects/contacts/search', { sorts: [{ propertyName: 'lastmodifieddate', direction }], limit: 200 });
  await post('/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '0' }] }], sorts: [{ propertyName: 'lastmodifieddate', direction }], limit: 200, after: '9800' });
}
mark('searches');
await post('/crm/v3/objects/contacts/batch/read', { inputs: Array.from({ length: 100 }, (_, i) => ({ id: String(100_000_001 + i * 9000) })), properties: ['email'] });
await post('/crm/v4/associations/companies/contacts/batch/read', { inputs: Array.from({ length: 50 }, (_, i) => ({ id: String(200_000_001 + i) })) });
await get('/crm/v3/objects/companies/200000001?associations=contacts');
mark('associations');
for (let i = 0; i < 2000; i++) await post('/crm/v3/objects/contacts/batch/update', { inputs: [{ id: String(100_000_001 + i * 400), properties: { custom_text_1: `edited ${i}` } }] });
mark('writes');
await get('/crm/v3/objects/contacts?archived=true');
mark('archivedScan');
const elapsed = Math.round((performance.now() - t0) / 1000);
const end = processRss(pid);
await sim.stop();
console.log(
  JSON.stringify(
    { benchmark: 'hubspot-sim peak RSS', contacts: Number(args.contacts), listPages: Number(args.pages), workloadSeconds: elapsed, rssAfterStartMb: afterStart.nowMb, rssNowMb: end.nowMb, peakRssMb: end.peakMb, limitMb: 400, peakAfterPhaseMb: phases },
    null,
    2,
  ),
);
if (end.peakMb > 400) process.exitCode = 1;
