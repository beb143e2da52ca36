import { PIPELINE_STATE_VERSION, type PipelineState, StateError } from '@pipe/sdk';

/**
 * The migration ladder: each step takes a state document of version N to N+1. A state
 * written by a newer pipe is refused instead of being silently misread.
 */
const steps: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 0 → 1: pre-release documents had `streams: {name: checkpoint}` without seq.
  0: (doc) => ({
    ...doc,
    version: 1,
    streams: Object.fromEntries(
      Object.entries((doc.streams as Record<string, unknown>) ?? {}).map(([k, v]) => [
        k,
        { checkpoint: v as never, seq: 0, updatedAt: new Date(0).toISOString() },
      ]),
    ),
  }),
};

/**
 * Bring a committed state document up to this pipe's version. `where` names what holds it
 * (a sink, the state file) for the error a person reads.
 */
export function migrateState(raw: unknown, pipeline: string, where = 'the committed state'): PipelineState {
  const tampered = `It was changed by hand or by another program: restore it from a backup, or remove it so the next run starts from scratch.`;
  if (!raw || typeof raw !== 'object') throw new StateError(`pipeline "${pipeline}": the state in ${where} is not a state document`, { hint: tampered });
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.version === 'number' ? doc.version : 0;
  if (version > PIPELINE_STATE_VERSION) {
    throw new StateError(
      `pipeline "${pipeline}": the state in ${where} was written by a newer pipe (state version ${version}; this pipe understands up to ${PIPELINE_STATE_VERSION})`,
      { hint: 'Upgrade pipe to the version that wrote it (or newer); this pipe leaves the state untouched rather than misread it.' },
    );
  }
  while (version < PIPELINE_STATE_VERSION) {
    const step = steps[version];
    if (!step) throw new StateError(`pipeline "${pipeline}": the state in ${where} has version ${JSON.stringify(doc.version)}, which no pipe wrote`, { hint: tampered });
    doc = step(doc);
    version = doc.version as number;
  }
  return { version, pipeline: (doc.pipeline as string) ?? pipeline, streams: (doc.streams as PipelineState['streams']) ?? {} };
}
