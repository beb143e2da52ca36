// The floor: fetch every list page of contacts (same properties as pipe asks for) and
// JSON-parse it, nothing else. No processing, no writing. `--all-properties` asks for every
// property the portal has, as pipe does by default (wide rows), read from the properties API.
import { parseArgs } from 'node:util';
import { Agent, request } from 'node:http';
import { report } from './measure.ts';

const { values: a } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, properties: { type: 'string' }, 'all-properties': { type: 'boolean', default: false } },
});
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const get = (url: string) =>
  new Promise<string>((resolve, reject) => {
    request(url, { agent, headers: { authorization: `Bearer ${a.token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });

const t0 = performance.now();
const properties = a['all-properties']
  ? (JSON.parse(await get(`${a.url}/crm/v3/properties/contacts`)) as { results: { name: string }[] }).results.map((p) => p.name).join(',')
  : a.properties;
let records = 0;
let after: string | undefined;
do {
  const page = JSON.parse(await get(`${a.url}/crm/v3/objects/contacts?limit=100&properties=${properties}${after ? `&after=${after}` : ''}`)) as {
    results: unknown[];
    paging?: { next?: { after: string } };
  };
  records += page.results.length;
  after = page.paging?.next?.after;
} while (after);
const seconds = (performance.now() - t0) / 1000;
report({ records, seconds, recordsPerSecond: records / seconds });
