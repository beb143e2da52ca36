/**
 * Serialises async calls on one resource: each `run(fn)` starts after every earlier call has
 * settled (resolved or thrown), in call order. The engine holds one per sink writer; a plugin
 * uses one for a connection that must not interleave statements (the DuckDB sink's database).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
