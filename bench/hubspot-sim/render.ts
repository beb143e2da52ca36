// CPU cost of rendering list pages of 100 contacts in-process (no HTTP): the list fast path alone.
// With --compare DIR, alternates batches with another checkout of the repo (e.g. an older build made with
// `mkdir /tmp/old && git archive <commit> packages/hubspot-sim package.json | tar -x -C /tmp/old && ln -s $PWD/node_modules /tmp/old/`),
// so both builds see the same machine load.
//
//   pnpm exec tsx bench/hubspot-sim/render.ts [--properties engine|all|a,b,c] [--profile realistic] [--rounds 12] [--compare /tmp/old]
//
// `--properties all` asks for every contact property (358 with `--profile realistic`).
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    properties: { type: 'string', default: '' },
    rounds: { type: 'string', default: '12' },
    compare: { type: 'string' },
    profile: { type: 'string', default: 'narrow' },
  },
});
const props = args.properties === 'engine' ? (await import('../engine/props.ts')).PROPERTIES.join(',') : args.properties;

async function load(root: string): Promise<(page: number) => void> {
  const src = `${root}/packages/hubspot-sim/src`;
  const { Portal } = await import(`${src}/data/portal.ts`);
  const { ListPageWriter } = await import(`${src}/routes/list-writer.ts`);
  const { responseProps } = await import(`${src}/routes/records.ts`);
  const portal = new Portal({ seed: 1, counts: { contacts: 100_000 }, ...(args.profile === 'narrow' ? {} : { profile: args.profile }) });
  const s = portal.stores.get('contacts');
  const all = props === 'all' ? s.props.map((p: { name: string }) => p.name) : undefined;
  const names = responseProps(portal, s.type, all ?? (props ? props.split(',') : undefined));
  return (page) => {
    const w = new ListPageWriter(portal, s, names);
    const start = (page * 100) % 99_900;
    for (let i = start; i < start + 100; i++) w.record(i);
    w.finish({ after: 'Yzk5', link: 'http://127.0.0.1/crm/v3/objects/contacts?after=Yzk5' }).release();
  };
}

const here = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const builds: [string, (page: number) => void][] = [['this build', await load(here)]];
if (args.compare) builds.push([args.compare, await load(args.compare)]);
const times = builds.map(() => [] as number[]);
const batch = (render: (page: number) => void) => {
  const t0 = process.cpuUsage();
  for (let p = 0; p < 300; p++) render(p);
  const c = process.cpuUsage(t0);
  return (c.user + c.system) / 300;
};
for (let r = 0; r < 3; r++) for (const [, render] of builds) batch(render); // warm-up (JIT)
for (let r = 0; r < Number(args.rounds); r++) for (let k = 0; k < builds.length; k++) times[k]!.push(batch(builds[k]![1]));
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(
  JSON.stringify(
    {
      benchmark: 'hubspot-sim list page rendering in-process (100 contacts per page, CPU µs per page, median of batches of 300 pages)',
      properties: props || '(default)',
      ...Object.fromEntries(builds.map(([name], k) => [name, Math.round(median(times[k]!))])),
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    },
    null,
    2,
  ),
);
