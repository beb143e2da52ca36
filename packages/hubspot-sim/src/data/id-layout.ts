// Where each record's id lies: dense, sparse (every stride-th id) or clustered (runs of ids with
// gaps), above a per-type base. A pure function of the position, so no id is ever stored.
import type { IdLayout } from '../options.ts';

export class IdMap {
  private readonly stride: number;
  private readonly cluster: number;
  private readonly gap: number;

  constructor(
    readonly base: number,
    layout: IdLayout,
  ) {
    this.stride = layout.kind === 'sparse' ? Math.max(1, Math.floor(layout.stride)) : 1;
    this.cluster = layout.kind === 'clustered' ? Math.max(1, Math.floor(layout.clusterSize)) : 0;
    this.gap = layout.kind === 'clustered' ? Math.max(0, Math.floor(layout.gap)) : 0;
  }

  /** The id (as a number) of the record at `position`. */
  id(position: number): number {
    if (this.cluster === 0) return this.base + position * this.stride;
    return this.base + position + Math.floor(position / this.cluster) * this.gap;
  }

  /** Ids used by `n` positions (how far the next type's ids must start). */
  span(n: number): number {
    return this.id(n) - this.base;
  }

  /** The first position whose id is ≥ `id` (unbounded above: callers clamp to their size). */
  firstAtOrAbove(id: number): number {
    const offset = id - this.base;
    if (!(offset > 0)) return 0;
    if (!Number.isFinite(offset)) return Number.POSITIVE_INFINITY;
    if (this.cluster === 0) return Math.ceil(offset / this.stride);
    const period = this.cluster + this.gap;
    const block = Math.floor(offset / period);
    const within = Math.ceil(offset - block * period);
    return within < this.cluster ? block * this.cluster + within : (block + 1) * this.cluster;
  }

  /** The position holding exactly this id, or -1. */
  positionOf(id: number): number {
    const offset = id - this.base;
    if (offset < 0 || !Number.isInteger(offset)) return -1;
    if (this.cluster === 0) return offset % this.stride === 0 ? offset / this.stride : -1;
    const period = this.cluster + this.gap;
    const block = Math.floor(offset / period);
    const within = offset - block * period;
    return within < this.cluster ? block * this.cluster + within : -1;
  }
}

/** The layout named by the options (`idLayout` wins over the older `idStride`). */
export function resolveLayout(layout: IdLayout | undefined, idStride: number | undefined): IdLayout {
  if (layout) return layout;
  const stride = Math.max(1, Math.floor(idStride ?? 1));
  return stride === 1 ? { kind: 'dense' } : { kind: 'sparse', stride };
}
