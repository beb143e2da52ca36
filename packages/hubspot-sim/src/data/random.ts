// Deterministic, allocation-free randomness. Every generated value is a pure function of
// (seed, object type, record index, property name), so untouched records need no storage.

/** Mixes two 32-bit integers into one well-distributed 32-bit unsigned integer. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

const saltMemo = new Map<string, number>();

/** FNV-1a hash of a string, used to salt per-property randomness by name (memoised: names repeat). */
export function hashString(s: string): number {
  const known = saltMemo.get(s);
  if (known !== undefined) return known;
  const h = fnv1a(s);
  if (saltMemo.size < 10_000) saltMemo.set(s, h);
  return h;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small mulberry32 generator: cheap to create, so one per (record, property) is fine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Restarts the sequence: hot paths reuse one instance instead of allocating per value. */
  reseed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

export function seedFor(seed: number, typeSalt: number, index: number, propSalt: number): number {
  return mix(mix(mix(seed, typeSalt), index), propSalt);
}

export function rngFor(seed: number, typeSalt: number, index: number, propSalt: number): Rng {
  return new Rng(seedFor(seed, typeSalt, index, propSalt));
}
