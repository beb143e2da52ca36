import { describe, expect, it } from 'vitest';
import { API_CALLS, apiCallsIn, apiCallsKind, apiCallsMetric, createMetrics, REJECTED_VALUES, rejectedValuesColumn, rejectedValuesMetric } from '../src/index.ts';

describe('metric names the engine reads', () => {
  it('builds and parses api_calls and rejected_values names', () => {
    expect(apiCallsMetric('search')).toBe(`${API_CALLS}.search`);
    expect(apiCallsMetric()).toBe(API_CALLS);
    expect(apiCallsKind('api_calls.search')).toBe('search');
    expect(apiCallsKind('api_calls')).toBe('');
    // A name that only starts with the same letters is another metric.
    expect(apiCallsKind('api_calls_cached')).toBeUndefined();
    expect(rejectedValuesMetric('amount')).toBe(`${REJECTED_VALUES}.amount`);
    expect(rejectedValuesColumn('rejected_values.amount')).toBe('amount');
    expect(rejectedValuesColumn('rejected_records')).toBeUndefined();
  });

  it('counts every kind of API call in a stream and nothing else', () => {
    const m = createMetrics();
    m.add('deals', apiCallsMetric('list'), 3);
    m.add('deals', apiCallsMetric('search'));
    m.add('deals', apiCallsMetric());
    m.add('deals', 'api_calls_cached', 100);
    m.add('deals', 'retries', 7);
    expect(apiCallsIn(m.snapshot().deals!)).toBe(5);
  });
});
