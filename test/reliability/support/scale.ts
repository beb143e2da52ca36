// One switch for the whole suite: the CI fast subset (default) or the full set
// (`PIPE_RELIABILITY=full`, run by `pnpm test:reliability`). Same files, larger numbers.
export const FULL = process.env.PIPE_RELIABILITY === 'full';

export const scale = {
  /** Records per object type in the fault and change scenarios. */
  records: FULL ? 3_000 : 300,
  /** kill -9 trials per sink (DuckDB, Parquet). */
  crashTrialsPerSink: FULL ? 12 : 1,
  /** Records for the crash trials (enough that a run takes a few seconds). */
  crashRecords: FULL ? 2_000 : 400,
  /** Records sharing one last-modified millisecond (the >10,000 search boundary). */
  tieRecords: FULL ? 10_500 : 0,
  /** fast-check runs that spawn the CLI (each costs a process start). */
  cliFuzzRuns: FULL ? 40 : 6,
  /** fast-check runs against the in-process config loader. */
  configFuzzRuns: FULL ? 2_000 : 200,
};

/** Per-test timeout in ms, generous in the full set. */
export const timeout = (fastMs: number, fullMs = fastMs * 10) => (FULL ? fullMs : fastMs);
