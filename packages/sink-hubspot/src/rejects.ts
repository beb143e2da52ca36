/** The rejects output: one JSON line per rejected record, appended, so no run overwrites another's. */
import fs from 'node:fs';
import path from 'node:path';
import { SinkError, globalRedactor, makeDirs } from '@pipe/sdk';
import type { Reject } from './records.ts';

export interface RejectLine extends Reject {
  run_started_at: string;
  stream: string;
  object: string;
  id_property: string;
}

export class RejectsFile {
  private fd: number | undefined;
  constructor(readonly file: string) {}

  append(lines: RejectLine[]): void {
    if (lines.length === 0) return;
    try {
      if (this.fd === undefined) {
        makeDirs(path.dirname(this.file));
        this.fd = fs.openSync(this.file, 'a');
      }
      fs.writeSync(this.fd, lines.map((l) => globalRedactor.redact(JSON.stringify(l))).join('\n').concat('\n'));
      // The records are already refused by HubSpot: losing this line would lose them for good.
      fs.fsyncSync(this.fd);
    } catch (e) {
      throw new SinkError(`could not write the rejects file ${this.file}: ${(e as Error).message}`, {
        hint: 'Check that the folder is writable, or change `rejects:`.',
        cause: e,
      });
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
