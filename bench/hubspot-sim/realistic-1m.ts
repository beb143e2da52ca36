// Start-up time and memory of the simulator holding 1,000,000 contacts of the 'realistic' profile
// (~350 properties each), and how fast it serves list pages with every property (the width pipe
// reads by default). The simulator runs as a child process (its own RSS), the client here.
//
//   pnpm exec tsx bench/hubspot-sim/realistic-1m.ts [--contacts 1000000] [--pages 300] [--profile realistic|narrow] [--portal-seed n]
import { parseArgs } from 'node:util';
import { contactProperties, processCpuMs, processRss, startSimProcess } from '../engine/sim-process.ts';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    pages: { type: 'string', default: '300' },
    profile: { type: 'string', default: 'realistic' },
    'portal-seed': { type: 'string' },
  },
});

const simArgs = ['--contacts', args.contacts!, '--no-rate-limits', '--profile', args.profile!];
if (args['portal-seed']) simArgs.push('--portal-seed', args['portal-seed'], '--latency', '0');
const t0 = performance.now();
const sim = await startSimProcess(simArgs);
const processStartMs = Math.round(performance.now() - t0);
const readyMs = Number(/ready in (\d+) ms/.exec(sim.banner)![1]);
const { url, token } = sim;
const pid = sim.child.pid!;
const afterStart = processRss(pid);
const headers = { authorization: `Bearer ${token}` };

try {
  const props = await contactProperties(sim);
  const base = `${url}/crm/v3/objects/contacts?limit=100&properties=${props.join(',')}`;
  let after: string | undefined;
  let bytes = 0;
  let nonNull = 0;
  let cells = 0;
  const cpu0 = process.cpuUsage();
  const serverCpu0 = processCpuMs(pid);
  const t1 = performance.now();
  const pages = Number(args.pages);
  for (let p = 0; p < pages; p++) {
    const text = await (await fetch(after ? `${base}&after=${after}` : base, { headers })).text();
    bytes += text.length;
    const page = JSON.parse(text) as { results: { properties: Record<string, string | null> }[]; paging?: { next?: { after?: string } } };
    for (const r of page.results) {
      for (const v of Object.values(r.properties)) {
        cells++;
        if (v !== null) nonNull++;
      }
    }
    after = page.paging?.next?.after;
  }
  const seconds = (performance.now() - t1) / 1000;
  const clientCpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
  const serverCpuMs = processCpuMs(pid) - serverCpu0;
  const end = processRss(pid);
  console.log(
    JSON.stringify(
      {
        benchmark: 'hubspot-sim realistic profile at scale',
        profile: args.profile,
        contacts: Number(args.contacts),
        contactProperties: props.length,
        processStartMs,
        simulatorReadyMs: readyMs,
        rssAfterStartMb: afterStart.nowMb,
        pages,
        pagesPerSecond: Math.round(pages / seconds),
        recordsPerSecond: Math.round((pages * 100) / seconds),
        kbPerPage: Math.round(bytes / pages / 1024),
        nonNullShare: Number((nonNull / cells).toFixed(3)),
        serverCpuMsPerPage: Number((serverCpuMs / pages).toFixed(2)),
        clientCpuMsPerPage: Number((clientCpuMs / pages).toFixed(2)),
        peakRssMb: end.peakMb,
      },
      null,
      2,
    ),
  );
} finally {
  await sim.stop();
}
