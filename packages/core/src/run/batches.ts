import { type Batch, estimateRowBytes, MAX_BATCH_BYTES, type Row, type StreamState } from '@pipe/sdk';

/**
 * Merges source pages into batches of at least `size` rows (or `maxBytes` estimated heap bytes) for one sink.
 * A merged batch carries the LAST checkpoint of the pages in it: that checkpoint covers every row.
 */
export class Rebatcher {
  private rows: Row[] = [];
  private bytes = 0;
  private checkpoint: StreamState | undefined;
  private hasCheckpoint = false;

  constructor(
    readonly stream: string,
    readonly size: number,
    readonly maxBytes: number = MAX_BATCH_BYTES,
  ) {}

  push(batch: Batch): void {
    for (const row of batch.rows) this.rows.push(row);
    this.bytes += estimateRowBytes(batch.rows);
    if (batch.checkpoint !== undefined) {
      this.checkpoint = batch.checkpoint;
      this.hasCheckpoint = true;
    }
  }

  get pending(): number {
    return this.rows.length;
  }

  get full(): boolean {
    return this.rows.length >= this.size || this.bytes >= this.maxBytes;
  }

  /** Something worth writing: rows, or a checkpoint that moved. */
  get dirty(): boolean {
    return this.rows.length > 0 || this.hasCheckpoint;
  }

  take(): Batch {
    const batch: Batch = { stream: this.stream, rows: this.rows };
    if (this.hasCheckpoint) batch.checkpoint = this.checkpoint;
    this.rows = [];
    this.bytes = 0;
    this.hasCheckpoint = false;
    this.checkpoint = undefined;
    return batch;
  }
}
