import fs from 'node:fs';
import path from 'node:path';
import { LockedError, type PipelineState, StateError, acquirePidLock, writeFileAtomic } from '@pipe/sdk';
import { migrateState } from './migrate.ts';

/**
 * Local state for sinks that cannot store it themselves: one JSON file per pipeline under
 * `.pipe/` beside the pipeline file, holding one PipelineState per sink. Written with
 * writeFileAtomic, so a crash leaves the old or the new file, never half of one.
 */
export class FileStateStore {
  readonly file: string;

  constructor(stateDir: string, pipeline: string) {
    this.file = path.join(stateDir, `${pipeline}.state.json`);
  }

  read(sinkKey: string, pipeline: string): PipelineState | undefined {
    const all = this.readAll();
    const doc = all[sinkKey];
    return doc === undefined ? undefined : migrateState(doc, pipeline, this.file);
  }

  write(sinkKey: string, state: PipelineState): void {
    const all = this.readAll();
    all[sinkKey] = state;
    writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  remove(sinkKey: string, streams?: string[]): void {
    const all = this.readAll();
    const doc = all[sinkKey] as PipelineState | undefined;
    if (!doc) return;
    if (!streams) delete all[sinkKey];
    else for (const s of streams) delete doc.streams[s];
    writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  private readAll(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch (e) {
      throw new StateError(`state file ${this.file} is not valid JSON: ${(e as Error).message}`, {
        hint: 'It was changed by hand or cut short by a full disk: restore it from a backup, or delete it so the next run starts from scratch.',
        cause: e,
      });
    }
    if (!all || typeof all !== 'object' || Array.isArray(all)) {
      throw new StateError(`state file ${this.file} does not hold a state per sink`, { hint: 'Restore it from a backup, or delete it so the next run starts from scratch.' });
    }
    return all as Record<string, unknown>;
  }
}

/**
 * One run per pipeline at a time: an exclusive lock file holding the owner's pid. A lock
 * left by a process that no longer exists (kill -9) is taken over.
 */
export function acquireRunLock(stateDir: string, pipeline: string): () => void {
  const file = path.join(stateDir, `${pipeline}.lock`);
  return acquirePidLock(file, {
    // A lock naming this process is not another run's: take it over.
    ownPid: 'stale',
    held: (pid) =>
      new LockedError(`pipeline "${pipeline}" is already running (process ${pid} holds ${file})`, {
        hint: 'wait for that run to finish, or stop it; if no such process exists, delete the lock file',
      }),
    contended: () => new LockedError(`could not take the run lock ${file}`),
  });
}
