import { describe, expect, it } from 'vitest';
import { ConfigError, PipeError, QuotaExhaustedError, SinkError, SourceError, StateError, isPipeError } from '../src/index.ts';

describe('pipe errors across copies of the SDK', () => {
  it('recognises an error class from a second copy of the module', async () => {
    // A query string makes the module loader evaluate errors.ts again: a second copy, as a
    // plugin package with its own @pipe/sdk (or a .ts plugin beside the bundled CLI) has.
    const secondCopy = '../src/errors.ts?second-copy';
    const other = (await import(/* @vite-ignore */ secondCopy)) as typeof import('../src/errors.ts');
    expect(other.SinkError).not.toBe(SinkError);
    const foreign = new other.SinkError('api said no', { hint: 'try later' });
    expect(foreign instanceof SinkError).toBe(true);
    expect(foreign instanceof PipeError).toBe(true);
    expect(isPipeError(foreign)).toBe(true);
    // A different class of the other copy is not this one.
    expect(foreign instanceof ConfigError).toBe(false);
    expect(new other.QuotaExhaustedError('daily limit') instanceof QuotaExhaustedError).toBe(true);
  });

  it('still answers false for plain errors and look-alikes', () => {
    expect(new Error('x') instanceof PipeError).toBe(false);
    expect(({ code: 'SINK', name: 'SinkError' } as object) instanceof SinkError).toBe(false);
    expect((null as unknown as object) instanceof PipeError).toBe(false);
    expect(new SinkError('x') instanceof ConfigError).toBe(false);
    expect(new ConfigError('x') instanceof PipeError).toBe(true);
  });

  it('gives source and state errors their own code, hint and retry flag', () => {
    const e = new SourceError('answer cut short', { hint: 'run again', retryable: true });
    expect([e.code, e.hint, e.retryable, e instanceof PipeError, e instanceof SinkError]).toEqual(['SOURCE', 'run again', true, true, false]);
    expect(new StateError('newer pipe').code).toBe('STATE');
  });
});
