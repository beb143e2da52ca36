// The page checks every paged read goes through: shape, ids, cursor, count.
import { expect, it } from 'vitest';
import { MalformedPageError, checkedPage } from '../src/page.ts';

const what = 'GET /crm/v3/owners';
const problem = (data: unknown, shape = {}) => {
  try {
    checkedPage(data, what, shape);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedPageError);
    return (e as MalformedPageError).problem;
  }
};

it('returns the items and the next cursor of a well-formed page', () => {
  expect(checkedPage({ results: [{ id: '1' }], paging: { next: { after: '2' } } }, what, { cursor: 'after' })).toEqual({ results: [{ id: '1' }], next: '2' });
  expect(checkedPage({ results: [] }, what, { cursor: 'after' })).toEqual({ results: [], next: undefined });
  expect(checkedPage({ events: [{ id: 'e', created: 1 }], hasMore: true, offset: 'x' }, what, { list: 'events', cursor: 'offset' }).next).toBe('x');
  // Lists search: the next start position as a number.
  expect(checkedPage({ lists: [{ listId: '7' }], hasMore: true, offset: 500 }, what, { list: 'lists', id: 'listId', cursor: 'offset' }).next).toBe('500');
  expect(checkedPage({ results: [{ from: { id: 7 }, to: [] }] }, what, { id: 'from.id' }).results).toHaveLength(1);
});

it('names what is wrong with a malformed one', () => {
  expect(problem('<html>502</html>')).toBe('is not JSON');
  expect(problem('')).toBe('is empty');
  expect(problem([])).toBe('is not a JSON object');
  expect(problem({ status: 'ok' })).toBe('has no "results" list');
  expect(problem({ results: [{ name: 'x' }] })).toBe('has an item without an id');
  expect(problem({ results: [{ from: {} }] }, { id: 'from.id' })).toBe('has an item without "from.id"');
  expect(problem({ results: [{ id: '1' }, { id: '2' }] }, { limit: 1 })).toBe('holds 2 items where at most 1 were asked for');
  expect(problem({ results: [], paging: { next: {} } }, { cursor: 'after' })).toBe('has a "paging.next" without an "after" cursor');
  expect(problem({ events: [], offset: 'x' }, { list: 'events', cursor: 'offset' })).toBe('has no "hasMore" flag');
  expect(problem({ events: [], hasMore: true }, { list: 'events', cursor: 'offset' })).toBe('says "hasMore" without an "offset" to continue from');
  expect(problem({ events: [], hasMore: true, offset: -1 }, { list: 'events', cursor: 'offset' })).toBe('says "hasMore" without an "offset" to continue from');
  expect(problem({ results: [{ id: '1', updatedAt: 'yesterday' }] }, { records: true })).toBe('has an item (id 1) whose "updatedAt" is not a date');
  expect(problem({ results: [{ id: '1', stages: 3 }] }, { item: (p: Record<string, unknown>) => (Array.isArray(p.stages) ? undefined : 'whose "stages" is not a list') })).toBe(
    'has an item (id 1) whose "stages" is not a list',
  );
});
