import { PIPELINE_STATE_VERSION, type PipelineState } from '@pipe/sdk';

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

export function migrateState(raw: unknown, pipeline: string): PipelineState {
  if (!raw || typeof raw !== 'object') throw new Error('state document is not an object');
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.version === 'number' ? doc.version : 0;
  if (version > PIPELINE_STATE_VERSION) {
    throw new Error(
      `state was written by a newer pipe (state version ${version}, this pipe understands up to ${PIPELINE_STATE_VERSION}); upgrade pipe`,
    );
  }
  while (version < PIPELINE_STATE_VERSION) {
    const step = steps[version];
    if (!step) throw new Error(`no migration from state version ${version}`);
    doc = step(doc);
    version = doc.version as number;
  }
  return { version, pipeline: (doc.pipeline as string) ?? pipeline, streams: (doc.streams as PipelineState['streams']) ?? {} };
}
