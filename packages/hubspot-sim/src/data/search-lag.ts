// Search is eventually consistent: for `searchLagMs` after a write, search still sees the record as
// it was before (or not at all, if it was just created). Only recently written records are tracked.

export interface Snapshot {
  modified: number;
  overlay: Record<string, string | null>;
}

interface Pending {
  /** What search sees until `visibleAt`; null = absent from search. */
  prev: Snapshot | null;
  visibleAt: number;
}

export class SearchLag {
  private readonly pending = new Map<number, Pending>();

  record(index: number, prev: Snapshot | null, visibleAt: number): void {
    const existing = this.pending.get(index);
    // Keep the oldest state search knows about; the newest write decides when it catches up.
    if (existing) existing.visibleAt = visibleAt;
    else this.pending.set(index, { prev, visibleAt });
  }

  /** undefined = search sees the current state; otherwise the stale view (null = invisible). */
  staleView(index: number, nowMs: number): Snapshot | null | undefined {
    const p = this.pending.get(index);
    if (!p) return undefined;
    if (nowMs >= p.visibleAt) {
      this.pending.delete(index);
      return undefined;
    }
    return p.prev;
  }

  /** Indices whose search view is stale now (new records beyond the array scan are included). */
  staleIndices(): IterableIterator<number> {
    return this.pending.keys();
  }

  get size(): number {
    return this.pending.size;
  }
}
