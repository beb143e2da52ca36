import { describe, expect, it } from 'vitest';
import { call, small } from './helpers.ts';

describe('fault injection', () => {
  it('5xx with HTML bodies, or empty bodies', async () => {
    const sim = await small({ faults: { rate5xx: 1 } });
    try {
      const r = await call(sim, '/crm/v3/objects/contacts');
      expect([502, 503, 504]).toContain(r.status);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.text).toMatch(/^<html>/);
      sim.control.setFaults({ rate5xx: 1, htmlBodies: false });
      const empty = await call(sim, '/crm/v3/objects/contacts');
      expect(empty.text).toBe('');
      sim.control.setFaults({});
      expect((await call(sim, '/crm/v3/objects/contacts')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('seeded: the same seed gives the same fault sequence', async () => {
    const seq = async () => {
      const sim = await small({ faults: { rate5xx: 0.3, seed: 42 } });
      try {
        const out = [];
        for (let i = 0; i < 20; i++) out.push((await call(sim, '/crm/v3/objects/contacts?limit=1')).status);
        return out;
      } finally {
        await sim.close();
      }
    };
    const a = await seq();
    expect(a.some((s) => s !== 200)).toBe(true);
    expect(await seq()).toEqual(a);
  });

  it('resets the connection mid-body', async () => {
    const sim = await small({ faults: { resetRate: 1 } });
    try {
      await expect(call(sim, '/crm/v3/objects/contacts?limit=100')).rejects.toThrow();
    } finally {
      await sim.close();
    }
  });

  it('423 Locked and bursts of 429', async () => {
    const sim = await small({ faults: { rate423: 1 } });
    try {
      expect((await call(sim, '/crm/v3/objects/contacts')).status).toBe(423);
      sim.control.setFaults({ burst429: 1, burst429Length: 3 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(sim, '/crm/v3/objects/contacts')).status);
      expect(statuses).toEqual([429, 429, 429]);
      sim.control.setFaults({});
      expect((await call(sim, '/crm/v3/objects/contacts')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('414 with an HTML body above the URL length limit', async () => {
    const sim = await small({ maxUrlLength: 2000 });
    try {
      const props = Array.from({ length: 300 }, (_, i) => `custom_text_${i}`).join(',');
      const r = await call(sim, `/crm/v3/objects/contacts?properties=${props}`);
      expect(r.status).toBe(414);
      expect(r.text).toContain('414 Request-URI Too Large');
    } finally {
      await sim.close();
    }
  });

  it('414 (not Node\'s own 431) at the default limit of ~16,300 characters', async () => {
    const sim = await small({});
    try {
      const props = Array.from({ length: 1500 }, (_, i) => `custom_text_${i}`).join(',');
      const r = await call(sim, `/crm/v3/objects/contacts?properties=${props}`);
      expect(props.length).toBeGreaterThan(17_000);
      expect(r.status).toBe(414);
      expect(r.text).toContain('414 Request-URI Too Large');
    } finally {
      await sim.close();
    }
  });

  it('latency follows the configured median', async () => {
    const sim = await small({ latencyMs: { median: 60, jitter: 0.1 } });
    try {
      const t0 = performance.now();
      await call(sim, '/crm/v3/objects/contacts?limit=1');
      expect(performance.now() - t0).toBeGreaterThan(40);
      sim.control.setLatency(0);
      const t1 = performance.now();
      await call(sim, '/crm/v3/objects/contacts?limit=1');
      expect(performance.now() - t1).toBeLessThan(40);
    } finally {
      await sim.close();
    }
  });
});
