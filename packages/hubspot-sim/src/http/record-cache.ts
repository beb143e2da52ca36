// Serialised list records, kept so that a page read again costs a copy instead of generating and
// encoding every value once more (wide portals: hundreds of properties per record). Opt-in
// (`recordCacheMb`): benchmarks read the same pages once per scenario, and the simulator, not the
// client, was the slower side at width (bench/engine/width.ts). Answers never change: an entry is
// the exact bytes the writer produced, and any write to the store (its version) drops them all.

/** One property list's records of one store, as bytes from `{"id":` to the record's closing brace. */
export class RecordCache {
  private version = -1;
  private readonly entries = new Map<number, Uint8Array>();

  constructor(private readonly budget: CacheBudget) {}

  get(version: number, index: number): Uint8Array | undefined {
    if (version !== this.version) this.reset(version);
    return this.entries.get(index);
  }

  set(index: number, bytes: Uint8Array): void {
    if (!this.budget.take(bytes.length)) return;
    this.entries.set(index, bytes);
  }

  private reset(version: number): void {
    for (const b of this.entries.values()) this.budget.give(b.length);
    this.entries.clear();
    this.version = version;
  }
}

/** Bytes every cache of one simulator may hold together; once full, new records are not kept. */
export class CacheBudget {
  private used = 0;
  constructor(readonly maxBytes: number) {}
  take(n: number): boolean {
    if (this.used + n > this.maxBytes) return false;
    this.used += n;
    return true;
  }
  give(n: number): void {
    this.used -= n;
  }
}
