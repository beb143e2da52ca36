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
