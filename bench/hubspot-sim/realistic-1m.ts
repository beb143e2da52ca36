// Start-up time and memory of the simulator holding 1,000,000 contacts of the 'realistic' profile
// (~350 properties each), and how fast it serves list pages with every property (the width pipe
// reads by default). The simulator runs as a child process (its own RSS), the client here.
//
//   pnpm exec tsx bench/hubspot-sim/realistic-1m.ts [--contacts 1000000] [--pages 300] [--profile realistic|narrow] [--portal-seed n]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    pages: { type: 'string', default: '300' },
    profile: { type: 'string', default: 'realistic' },
    'portal-seed': { type: 'string' },
  },
});

const bin = fileURLToPath(new URL('../../packages/hubspot-sim/src/bin.ts', import.meta.url));

function rssOf(pid: number): { peakMb: number; nowMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
}

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const simArgs = ['--contacts', args.contacts!, '--no-rate-limits', '--profile', args.profile!];
if (args['portal-seed']) simArgs.push('--portal-seed', args['portal-seed'], '--latency', '0');
const t0 = performance.now();
const child = fork(bin, simArgs, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const banner = await new Promise<string>((resolve, reject) => {
  let buf = '';
  child.stdout!.on('data', (d) => {
    buf += d;
    if (buf.includes('try:')) resolve(buf);
  });
  child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
});
const processStartMs = Math.round(performance.now() - t0);
const readyMs = Number(/ready in (\d+) ms/.exec(banner)![1]);
const url = /URL:\s+(\S+)/.exec(banner)![1]!;
const token = /token:\s+(\S+)/.exec(banner)![1]!;
const afterStart = rssOf(child.pid!);
const headers = { authorization: `Bearer ${token}` };

try {
  const props = ((await (await fetch(`${url}/crm/v3/properties/contacts`, { headers })).json()) as { results: { name: string }[] }).results.map((p) => p.name);
  const base = `${url}/crm/v3/objects/contacts?limit=100&properties=${props.join(',')}`;
  let after: string | undefined;
  let bytes = 0;
  let nonNull = 0;
  let cells = 0;
  const cpu0 = process.cpuUsage();
  const serverCpu0 = cpuMsOf(child.pid!);
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
  const serverCpuMs = cpuMsOf(child.pid!) - serverCpu0;
  const end = rssOf(child.pid!);
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
  child.kill('SIGTERM');
}
