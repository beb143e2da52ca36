import { expect, it } from 'vitest';
import { budgetFor } from '../src/limits.ts';

it('tier unlimited has no client-side burst bucket (simulators and engine benchmarks)', async () => {
  const budget = budgetFor('http://127.0.0.1:1', 'pat-na1-fake-unlimited-test', 'unlimited', 4);
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) for (const l of budget.limitersFor(false)) await l.acquire();
  expect(performance.now() - t0).toBeLessThan(1000);
  // a professional budget would hold call 172 back for ~10 s
  const pro = budgetFor('http://127.0.0.1:2', 'pat-na1-fake-pro-test', 'professional', 4);
  const limiter = pro.limitersFor(false).at(-1)!;
  expect(limiter.limit).toBe(171);
});

it('adopts the burst limit and the window a response reports', () => {
  const budget = budgetFor('http://127.0.0.1:3', 'pat-na1-fake-window-test', 'auto', 4);
  const burst = () => budget.limitersFor(false).at(-1)!;
  expect([burst().limit, burst().intervalMs]).toEqual([90, 10_000]); // auto: the free tier's 100, 90 % of it
  budget.learn({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-interval-milliseconds': '10000' });
  expect([burst().limit, burst().intervalMs]).toEqual([171, 10_000]);
  // The same Max over a shorter window is a higher rate: count over the window the server names.
  budget.learn({ 'x-hubspot-ratelimit-max': '50', 'x-hubspot-ratelimit-interval-milliseconds': '1000' });
  expect([burst().limit, burst().intervalMs]).toEqual([45, 1_000]);
  // Without the header the window stays as last reported; nonsense is ignored.
  budget.learn({ 'x-hubspot-ratelimit-max': '50' });
  budget.learn({ 'x-hubspot-ratelimit-max': '50', 'x-hubspot-ratelimit-interval-milliseconds': 'soon' });
  expect([burst().limit, burst().intervalMs]).toEqual([45, 1_000]);
});
