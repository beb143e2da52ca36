/**
 * Where a dataset lives: a local folder or an S3-compatible bucket. Paths are relative
 * to the dataset root, with `/` separators. The sink logic is written once against this.
 *
 * Durability contract: `publish` and `writeTextAtomic` resolve only once the object is
 * complete and durable under its final name; a reader never sees a partial object.
 */
export interface Storage {
  /** The dataset root as a person (and a reader such as DuckDB) names it. */
  readonly root: string;
  /** A local file DuckDB can write the future `relPath` to (a temporary name). */
  stagingPath(relPath: string): Promise<string>;
  /** Make a staged file durable at `relPath` (fsync + rename, or a complete upload); returns its size in bytes. */
  publish(staged: string, relPath: string): Promise<number>;
  /** Drop a staged file that will not be published. */
  discard(staged: string): Promise<void>;
  readText(relPath: string): Promise<string | undefined>;
  /** Replace `relPath` in one step: readers see the old or the new content, never a mix. */
  writeTextAtomic(relPath: string, text: string): Promise<void>;
  /** Every file under `prefix` (recursive), as relative paths. */
  list(prefix: string): Promise<string[]>;
  remove(relPaths: string[]): Promise<void>;
  /** A path or URL DuckDB (or a reader) opens for `relPath`. */
  readerPath(relPath: string): string;
  /** A local copy of `relPath` for DuckDB to read (the file itself for local storage). */
  localCopy(relPath: string): Promise<{ path: string; release(): Promise<void> }>;
  /** Take the dataset's writer lock; throws LockedError when another live process holds it. */
  lock(): Promise<void>;
  unlock(): Promise<void>;
}

export function isS3Url(dir: string): boolean {
  return /^s3:\/\//i.test(dir);
}
