import { SinkError } from '@pipe/sdk';
import { expect, it } from 'vitest';
import { ALL_TYPES, ALL_TYPES_ROWS, LOOSE_EXPECTED, LOOSE_ROWS, PEOPLE, PEOPLE_V2, person, REJECTED_VALUES, stateWith } from './fixtures.ts';
import type { SinkHarness } from './harness.ts';
import { baseMode, runStream } from './write-helpers.ts';

export function registerValueCases(h: () => SinkHarness): void {
  it('keeps every logical type exactly: unicode and emoji, integer extremes, doubles, booleans, timestamps, dates, lists, JSON, nulls', async () => {
    await h().withWriter((w) => runStream(w, ALL_TYPES, baseMode(h().supports), [{ rows: ALL_TYPES_ROWS, state: stateWith({ all_types: 1 }) }]));
    const actual = await h().rows(ALL_TYPES);
    const expected = h().expected(ALL_TYPES, ALL_TYPES_ROWS);
    // Row by row, so a failure names the row whose value the sink changed.
    expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const [i, row] of expected.entries()) expect(actual[i], `row id=${String(row.id)}`).toEqual(row);
  });

  it('converts loose values by the one rule: numbers and text across types, ISO and epoch instants, Dates, objects as JSON text', async () => {
    await h().withWriter((w) => runStream(w, ALL_TYPES, baseMode(h().supports), [{ rows: LOOSE_ROWS, state: stateWith({ all_types: 1 }) }]));
    const actual = await h().rows(ALL_TYPES);
    const expected = h().expected(ALL_TYPES, LOOSE_EXPECTED);
    expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const [i, row] of expected.entries()) expect(actual[i], `row id=${String(row.id)}`).toEqual(row);
  });

  it('rejects what the rule rejects: the write fails naming the column, and neither the rows nor the state of that batch are kept', async () => {
    const mode = baseMode(h().supports);
    const good = ALL_TYPES_ROWS.slice(0, 2);
    await h().withWriter((w) => runStream(w, ALL_TYPES, mode, [{ rows: good, state: stateWith({ all_types: 1 }) }]));
    for (const [column, value] of REJECTED_VALUES) {
      const err = await h().withWriter(async (w) => {
        await w.prepare([{ schema: ALL_TYPES, mode, options: {} }]);
        const bad = { ...ALL_TYPES_ROWS[4]!, [column]: value };
        return w.write({ stream: ALL_TYPES.name, rows: [ALL_TYPES_ROWS[2]!, bad], checkpoint: 2 }, stateWith({ all_types: 2 }, 2)).then(
          () => undefined,
          (e: unknown) => e,
        );
      });
      const what = `${column} = ${typeof value === 'bigint' ? `${value}n` : String(value)}`;
      expect(err, `${what} must be rejected`).toBeInstanceOf(SinkError);
      expect((err as Error).message, what).toContain(`"${column}"`);
    }
    expect(await h().rows(ALL_TYPES), 'no row of a rejected batch is kept').toEqual(h().expected(ALL_TYPES, good));
    if (h().supports.readState) expect(await h().committedState(), 'the state stays at the last good batch').toEqual(stateWith({ all_types: 1 }));
  });
}

export function registerSchemaEvolutionCases(h: () => SinkHarness): void {
  it('schema evolution: a column added in a later prepare appears, and old rows read it as null', async () => {
    const mode = baseMode(h().supports);
    await h().withWriter((w) => runStream(w, PEOPLE, mode, [{ rows: [person(1), person(2)], state: stateWith({ people: 1 }, 1) }]));
    await h().withWriter(async (w) => {
      const changes = await w.prepare([{ schema: PEOPLE_V2, mode, options: {} }]);
      expect(changes, 'prepare must report the added column').toContainEqual(
        expect.objectContaining({ stream: 'people', kind: 'add_column', column: 'nickname' }),
      );
      expect(await w.prepare([{ schema: PEOPLE_V2, mode, options: {} }]), 'evolving to the same schema again changes nothing').toEqual([]);
      const s2 = stateWith({ people: 2 }, 2);
      await w.write({ stream: 'people', rows: [person(3, { nickname: 'Trois 🇫🇷' })], checkpoint: 2 }, s2);
      if (w.endStream) await w.endStream('people', s2);
    });
    const expected = [person(1, { nickname: null }), person(2, { nickname: null }), person(3, { nickname: 'Trois 🇫🇷' })];
    expect(await h().rows(PEOPLE_V2)).toEqual(h().expected(PEOPLE_V2, expected));
  });
}
