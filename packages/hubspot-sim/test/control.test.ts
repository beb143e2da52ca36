import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

const control = async (method: string, ...args: unknown[]) => {
  const r = await fetch(`${sim.url}/_sim/control/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ args }) });
  return { status: r.status, body: (await r.json()) as any };
};

describe('control plane over HTTP', () => {
  it('creates, updates, adds properties, advances the clock and reads ground truth', async () => {
    const t0 = Date.parse((await control('now')).body.result);
    await control('advanceClock', 60_000);
    expect(Date.parse((await control('now')).body.result) - t0).toBeGreaterThanOrEqual(60_000);
    await control('addProperty', 'contacts', { name: 'pipe_score', type: 'number' });
    const id = (await control('create', 'contacts', { email: 'ctl@example.org', pipe_score: '12' })).body.result;
    const props = await call(sim, '/crm/v3/properties/contacts/pipe_score');
    expect(props.body.type).toBe('number');
    const rec = await call(sim, `/crm/v3/objects/contacts/${id}?properties=pipe_score`);
    expect(rec.body.properties.pipe_score).toBe('12');
    const bad = await control('update', 'contacts', id, { nope: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('nope');
    const truth = (await (await fetch(`${sim.url}/_sim/truth/contacts`)).json()) as any;
    const mine = truth.results.find((r: any) => r.id === id);
    expect(mine.properties.email).toBe('ctl@example.org');
    expect(Object.keys(mine.properties).length).toBeGreaterThan(20);
    expect(truth.results).toHaveLength(301);
  });

  it('reports request statistics per route and resets them', async () => {
    await control('resetStats');
    await call(sim, '/crm/v3/objects/contacts?limit=1');
    await call(sim, '/crm/v3/objects/contacts/search', { body: {} });
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as any;
    expect(stats.byRoute['objects.list']).toBe(1);
    expect(stats.byRoute['objects.search']).toBe(1);
    expect(stats.requests).toBe(2);
  });

  it('in-process truth matches what the API lists', async () => {
    sim.control.archive('contacts', '100000003');
    const archived = sim.control.truth('contacts', { archived: true });
    expect(archived.map((r) => r.id)).toEqual(['100000003']);
    expect(archived[0]!.archivedAt).toBeTruthy();
  });
});

describe('command line', () => {
  it('prints its URL and a ready-to-use fake token, and serves', async () => {
    const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '--', '--contacts', '50', '--tier', 'free', '--custom-object', 'boats=3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d) => {
          buf += d;
          if (buf.includes('try:')) resolve(buf);
        });
        child.on('exit', (code) => reject(new Error(`bin exited with ${code}`)));
      });
      const url = /URL:\s+(\S+)/.exec(out)![1]!;
      const token = /token:\s+(\S+)/.exec(out)![1]!;
      const r = await fetch(`${url}/crm/v3/objects/boats?limit=10`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).results).toHaveLength(3);
      expect(r.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
