import { expect, it } from 'vitest';
import { LINE_ITEMS, lineItem, PEOPLE, people, person, poisonedRow, sinkStream, stateWith } from './fixtures.ts';
import type { SinkHarness } from './harness.ts';
import { runStream, settle } from './write-helpers.ts';

export function registerMergeCases(h: () => SinkHarness): void {
  it('merge: the same batch twice leaves one row per primary key', async () => {
    await h().withWriter(async (w) => {
      await runStream(w, PEOPLE, 'merge', [
        { rows: people(1, 5), state: stateWith({ people: 1 }, 1) },
        { rows: people(1, 5), state: stateWith({ people: 1 }, 2) },
      ]);
    });
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 5)));
  });

  it('merge: an updated row replaces the old one, in a later batch and in a later run', async () => {
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'merge', [
        { rows: people(1, 3), state: stateWith({ people: 1 }, 1) },
        { rows: [person(2, { name: 'renamed', score: 99 })], state: stateWith({ people: 2 }, 2) },
      ]),
    );
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'merge', [{ rows: [person(3, { name: null }), person(4)], state: stateWith({ people: 3 }, 3) }]),
    );
    const expected = [person(1), person(2, { name: 'renamed', score: 99 }), person(3, { name: null }), person(4)];
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, expected));
  });

  it('merge: a batch holding the same key twice keeps the last row', async () => {
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'merge', [{ rows: [person(1), person(2), person(1, { name: 'second' })], state: stateWith({ people: 1 }) }]),
    );
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, [person(1, { name: 'second' }), person(2)]));
  });

  it('merge: a composite primary key matches on every key column', async () => {
    await h().withWriter((w) =>
      runStream(w, LINE_ITEMS, 'merge', [
        { rows: [lineItem(1, 1), lineItem(1, 2), lineItem(2, 1)], state: stateWith({ line_items: 1 }, 1) },
        { rows: [lineItem(1, 2, 5), lineItem(2, 2)], state: stateWith({ line_items: 2 }, 2) },
      ]),
    );
    const expected = [lineItem(1, 1), lineItem(1, 2, 5), lineItem(2, 1), lineItem(2, 2)];
    expect(await h().rows(LINE_ITEMS)).toEqual(h().expected(LINE_ITEMS, expected));
  });

  it('merge: rewriting a batch after a failed write gives each row once (at-least-once made exact)', async () => {
    const batch = people(1, 6);
    await h().withWriter(async (w) => {
      await runStream(w, PEOPLE, 'merge', [{ rows: people(1, 2), state: stateWith({ people: 1 }, 1) }], { end: false });
      const failing = [...batch.slice(0, 4), poisonedRow(person(5), 'score'), person(6)];
      await expect(settle(() => w.write({ stream: 'people', rows: failing }, stateWith({ people: 2 }, 2)))).rejects.toThrow();
    });
    await h().withWriter((w) => runStream(w, PEOPLE, 'merge', [{ rows: batch, state: stateWith({ people: 2 }, 2) }]));
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, batch));
  });
}

export function registerAppendCases(h: () => SinkHarness): void {
  it('append keeps every row, repeated primary keys included', async () => {
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'append', [
        { rows: people(1, 3), state: stateWith({ people: 1 }, 1) },
        { rows: people(1, 3), state: stateWith({ people: 2 }, 2) },
      ]),
    );
    await h().withWriter((w) => runStream(w, PEOPLE, 'append', [{ rows: people(3, 4), state: stateWith({ people: 3 }, 3) }]));
    const rows = await h().rows(PEOPLE);
    expect(rows).toHaveLength(8);
    expect(rows).toEqual(h().expected(PEOPLE, [...people(1, 3), ...people(1, 3), ...people(3, 4)]));
  });
}

export function registerReplaceCases(h: () => SinkHarness, withState: boolean): void {
  it('replace: new rows replace the old ones only at endStream; a writer closed before it keeps the old rows and state', async () => {
    const s1 = stateWith({ people: 'old' }, 1);
    await h().withWriter((w) => runStream(w, PEOPLE, 'replace', [{ rows: people(1, 5), state: s1 }]));
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 5)));
    if (withState) expect(await h().committedState()).toEqual(s1);

    // A run that stops before endStream (crash, failure, Ctrl-C): nothing of it may show.
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'replace', [{ rows: people(10, 12), state: stateWith({ people: 'unfinished' }, 2) }], { end: false }),
    );
    expect(await h().rows(PEOPLE), 'rows of a replace without endStream must not be visible').toEqual(h().expected(PEOPLE, people(1, 5)));
    if (withState) expect(await h().committedState(), 'state of a replace without endStream must not be committed').toEqual(s1);

    const s3 = stateWith({ people: 'new' }, 3);
    await h().withWriter((w) =>
      runStream(w, PEOPLE, 'replace', [
        { rows: people(20, 21), state: stateWith({ people: 'part' }, 2) },
        { rows: people(22, 22), state: s3 },
      ]),
    );
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(20, 22)));
    if (withState) expect(await h().committedState()).toEqual(s3);
  });

  if (withState) {
    it("replace: an unfinished replace's checkpoint does not become committed through another stream's write", async () => {
      const s1 = stateWith({ people: 'old' }, 1);
      await h().withWriter((w) => runStream(w, PEOPLE, 'replace', [{ rows: people(1, 3), state: s1 }]));
      const other = h().supports.merge ? 'merge' : 'append';
      await h().withWriter(async (w) => {
        await w.prepare([sinkStream(PEOPLE, 'replace'), sinkStream(LINE_ITEMS, other)]);
        await w.write({ stream: 'people', rows: people(10, 11), checkpoint: 'new' }, stateWith({ people: 'new' }, 2));
        // The engine's state document is cumulative: it carries people's unfinished checkpoint too.
        await w.write({ stream: 'line_items', rows: [lineItem(1, 1)], checkpoint: 'l1' }, stateWith({ people: 'new', line_items: 'l1' }, 2));
        // Closed before endStream('people'): a crash or a failed stream.
      });
      const state = await h().committedState();
      expect(state?.streams.line_items?.checkpoint).toBe('l1');
      expect(
        state?.streams.people?.checkpoint,
        "people's rows are still the old ones, so its committed checkpoint must be the old one",
      ).toBe('old');
      expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 3)));
    });
  }

  it('replace: a run with no rows empties the table at endStream', async () => {
    await h().withWriter((w) => runStream(w, PEOPLE, 'replace', [{ rows: people(1, 3), state: stateWith({ people: 1 }, 1) }]));
    const s2 = stateWith({ people: 'empty' }, 2);
    await h().withWriter((w) => runStream(w, PEOPLE, 'replace', [{ rows: [], state: s2 }]));
    expect(await h().rows(PEOPLE)).toEqual([]);
    if (withState) expect(await h().committedState()).toEqual(s2);
  });
}
