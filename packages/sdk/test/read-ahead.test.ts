import { describe, expect, it } from 'vitest';
import { readAhead } from '../src/read-ahead.ts';

/** A source of `n` numbers that logs each pull and can fail at one; `ended` says whether its finally ran. */
function numbers(n: number, failAt?: number) {
  const pulled: number[] = [];
  const state = { ended: false };
  async function* gen() {
    try {
      for (let i = 0; i < n; i++) {
        pulled.push(i);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`boom at ${i}`);
        yield i;
      }
    } finally {
      state.ended = true;
    }
  }
  return { source: gen(), pulled, state };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('readAhead', () => {
  it('starts pulling at once, before anyone asks, and never more than depth ahead', async () => {
    const s = numbers(10);
    const ahead = readAhead(s.source, 3);
    await settle();
    expect(s.pulled).toEqual([0, 1, 2]);
    expect(await ahead.next()).toEqual({ done: false, value: 0 });
    await settle();
    expect(s.pulled).toEqual([0, 1, 2, 3]);
    const rest: number[] = [];
    for await (const v of ahead) rest.push(v);
    expect(rest).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.state.ended).toBe(true);
  });

  it('throws a failure where its item would have been, after the items before it', async () => {
    const s = numbers(10, 2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of readAhead(s.source, 4)) seen.push(v);
      })(),
    ).rejects.toThrow('boom at 2');
    expect(seen).toEqual([0, 1]);
  });

  it('return() stops the source, also when nothing was consumed yet', async () => {
    const s = numbers(100);
    const ahead = readAhead(s.source, 2);
    await ahead.return?.();
    expect(s.state.ended).toBe(true);
    expect(s.pulled.length).toBeLessThanOrEqual(2);
    expect(await ahead.next()).toEqual({ done: true, value: undefined });
  });

  it('a for await that breaks ends the source', async () => {
    const s = numbers(100);
    for await (const v of readAhead(s.source, 2)) if (v === 3) break;
    expect(s.state.ended).toBe(true);
    expect(s.pulled.length).toBeLessThanOrEqual(6);
  });
});
