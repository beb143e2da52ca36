import { describe, expect, it } from 'vitest';
import { BoardChanges } from '../src/board-changes.ts';

describe('BoardChanges', () => {
  it('a change wakes every waiting lane', async () => {
    const changes = new BoardChanges();
    const woken: number[] = [];
    const waits = [1, 2, 3].map((n) => changes.wait().then(() => woken.push(n)));
    expect(changes.waiting).toBe(3);
    changes.fire();
    await Promise.all(waits);
    expect(woken).toEqual([1, 2, 3]);
    expect(changes.waiting).toBe(0);
  });

  it('a wait that times out leaves the queue, so looking again and again piles nothing up', async () => {
    const changes = new BoardChanges();
    for (let i = 0; i < 20; i++) await changes.wait(1);
    expect(changes.waiting).toBe(0);
    const longer = changes.wait(60_000);
    changes.fire(); // a change still ends a wait that has a timeout
    await longer;
    expect(changes.waiting).toBe(0);
  });

  it('closing rejects the waits queued and every later one', async () => {
    const changes = new BoardChanges();
    const queued = changes.wait(60_000);
    const closed = new Error('closed');
    changes.close(closed);
    await expect(queued).rejects.toBe(closed);
    await expect(changes.wait()).rejects.toBe(closed);
  });
});
