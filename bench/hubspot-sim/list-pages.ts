// How many list pages of 100 contacts per second the simulator serves (faults and latency off).
// The server runs here; the client load runs in a child process so they do not share an event loop.
//
//   pnpm exec tsx bench/hubspot-sim/list-pages.ts [--contacts 100000] [--seconds 10] [--concurrency 16] [--properties email,firstname|engine]
//
// `--properties engine` asks for the 20 contact properties pipe's engine benchmarks request (bench/engine/props.ts).
import { fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    client: { type: 'boolean', default: false },
    url: { type: 'string' },
    token: { type: 'string' },
    contacts: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    properties: { type: 'string', default: '' },
  },
});
if (args.properties === 'engine') args.properties = (await import('../engine/props.ts')).PROPERTIES.join(',');

/** Client side: `concurrency` lanes, each paging the contact list end to end over keep-alive sockets. */
async function client(): Promise<void> {
  const concurrency = Number(args.concurrency);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const base = `${args.url}/crm/v3/objects/contacts?limit=100${args.properties ? `&properties=${args.properties}` : ''}`;
  // The client must be cheaper than the server: keep the whole body only when validating a page,
  // otherwise just the tail, where the cursor is.
  const get = (after: string | undefined, full: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(after ? `${base}&after=${after}` : base, { agent, headers: { authorization: `Bearer ${args.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (!full && chunks.length === 2) chunks.shift();
          chunks.push(c);
        });
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: full ? all.toString('utf8') : all.subarray(Math.max(0, all.length - 400)).toString('latin1') });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  let pages = 0;
  let sampled = 0;
  let records = 0;
  let errors = 0;
  let measuring = false;
  let stop = false;
  const lane = async () => {
    let after: string | undefined;
    while (!stop) {
      const validate = sampled++ % 50 === 0;
      const r = await get(after, validate);
      if (r.status !== 200) {
        errors++;
        after = undefined;
        continue;
      }
      // Parse fully now and then to check the payload; a regex finds the cursor otherwise (cheap client).
      if (validate) {
        const parsed = JSON.parse(r.body);
        if (parsed.results.length !== 100 && parsed.paging) throw new Error(`short page: ${parsed.results.length}`);
      }
      const m = /"after":"([^"]+)"/.exec(r.body.slice(-400));
      after = m?.[1];
      if (measuring) {
        pages++;
        records += 100;
      }
    }
  };
  const lanes = Array.from({ length: concurrency }, lane);
  await new Promise((r) => setTimeout(r, 1500)); // warm-up: JIT, sockets
  measuring = true;
  process.send!({ phase: 'start' });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, Number(args.seconds) * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(cpu0);
  measuring = false;
  stop = true;
  await Promise.all(lanes);
  agent.destroy();
  process.send!({ pages, records, errors, elapsed, clientCpuPercent: Math.round(((clientCpu.user + clientCpu.system) / 1e6 / elapsed) * 100) });
}

async function server(): Promise<void> {
  const { startSimulator } = await import('../../packages/hubspot-sim/src/index.ts');
  const contacts = Number(args.contacts);
  const sim = await startSimulator({ seed: 1, counts: { contacts }, rateLimits: false });
  const { result, cpu } = await runClient(sim.url, sim.token);
  const rssMb = Math.round(process.memoryUsage().rss / 1e6);
  // The same client against a server that only replays one real page: what this machine allows
  // right now (it is shared; the load average says how busy it is).
  const page = await (await fetch(`${sim.url}/crm/v3/objects/contacts?limit=100${args.properties ? `&properties=${args.properties}` : ''}`, { headers: { authorization: `Bearer ${sim.token}` } })).arrayBuffer();
  await sim.close();
  const replay = Buffer.from(page);
  const baseline = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': replay.length });
    res.end(replay);
  });
  await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', () => r()));
  const { result: base, cpu: baseCpu } = await runClient(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}`, sim.token);
  baseline.closeAllConnections();
  baseline.close();
  const perSec = result.pages / result.elapsed;
  console.log(
    JSON.stringify(
      {
        benchmark: 'hubspot-sim list pages (limit=100, default properties unless --properties)',
        contacts,
        concurrency: Number(args.concurrency),
        properties: args.properties || '(default)',
        seconds: Math.round(result.elapsed * 10) / 10,
        pagesPerSecond: Math.round(perSec),
        recordsPerSecond: Math.round(result.records / result.elapsed),
        errors: result.errors,
        serverCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / result.elapsed) * 100),
        serverCpuMicrosPerPage: Math.round((cpu.user + cpu.system) / result.pages),
        clientCpuPercent: result.clientCpuPercent,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
        staticReplayPagesPerSecond: Math.round(base.pages / base.elapsed),
        staticReplayCpuMicrosPerPage: Math.round((baseCpu.user + baseCpu.system) / base.pages),
        serverRssMb: rssMb,
      },
      null,
      2,
    ),
  );
  if (perSec < 2000) {
    console.error(`below target: ${Math.round(perSec)} pages/s < 2000`);
    process.exitCode = 1;
  }
}

interface ClientResult {
  pages: number;
  records: number;
  errors: number;
  elapsed: number;
  clientCpuPercent: number;
}

/** Runs the client in a child process; server CPU is sampled over exactly its measured window. */
async function runClient(url: string, token: string): Promise<{ result: ClientResult; cpu: NodeJS.CpuUsage }> {
  let cpu0 = process.cpuUsage();
  const child = fork(fileURLToPath(import.meta.url), ['--client', '--url', url, '--token', token, '--seconds', args.seconds!, '--concurrency', args.concurrency!, '--properties', args.properties!], {
    execArgv: ['--import', 'tsx'],
  });
  const result = await new Promise<ClientResult>((resolve, reject) => {
    child.on('message', (m: any) => {
      if (m.phase === 'start') cpu0 = process.cpuUsage();
      else resolve(m);
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`client exited with ${code}`)));
  });
  return { result, cpu: process.cpuUsage(cpu0) };
}

await (args.client ? client() : server());
