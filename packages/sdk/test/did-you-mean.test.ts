import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../src/index.ts';

describe('did you mean', () => {
  it('counts swapped neighbours as one edit', () => {
    expect(editDistance('mrege', 'merge')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only plausible typos', () => {
    expect(closest('hubspt', ['hubspot', 'duckdb'])).toBe('hubspot');
    expect(closest('HubSpot', ['hubspot'])).toBe('hubspot');
    expect(closest('xyz', ['hubspot', 'duckdb'])).toBeUndefined();
    expect(closest('token', ['token'])).toBeUndefined();
    expect(didYouMean('duckbd', ['duckdb', 'parquet'])).toBe('; did you mean "duckdb"?');
    expect(closest('pro', ['professional', 'free'])).toBe('professional');
    expect(closest('s', ['starter', 'small'])).toBeUndefined();
  });
});

describe('one rule for plugins and the engine', () => {
  it('suggests a property name a destination knows, as sink-hubspot does', () => {
    expect(closest('pipe_lead_scor', ['pipe_lead_score', 'email', 'firstname'])).toBe('pipe_lead_score');
    expect(closest('firstnmae', ['firstname', 'lastname'])).toBe('firstname');
    // A whole word that a longer name extends is another name; a cut-off word is shorthand.
    expect(closest('score', ['score_date', 'email'])).toBeUndefined();
    expect(closest('scor', ['score_date', 'email'])).toBe('score_date');
    // Long names allow three edits at most.
    expect(closest('hs_lead_status', ['hs_last_sales'])).toBeUndefined();
    expect(closest('hs_lead_stats', ['hs_lead_status'])).toBe('hs_lead_status');
    // Ties are broken alphabetically, not by the order a caller happens to pass.
    expect(closest('deal', ['deals', 'deale'])).toBe('deale');
    expect(closest('deal', ['deale', 'deals'])).toBe('deale');
  });
});
