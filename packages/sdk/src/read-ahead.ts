/**
 * Reads up to `depth` items of `source` ahead of the consumer, starting at once: pages are
 * fetched while the consumer is busy elsewhere (a sink writing, another walk of the same
 * stream). Bounded: at most `depth` items wait. A failure is thrown where its item would have
 * been. Call `return()` to stop early (a `for await` that breaks does); it ends the source too.
 */
export function readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncIterableIterator<T> {
  const iter = source[Symbol.asyncIterator]();
  type Settled = { ok: true; r: IteratorResult<T> } | { ok: false; e: unknown };
  const queue: Promise<Settled>[] = [];
  // No more pulls: the source ended, failed, or the consumer stopped.
  let finished = false;
  const fill = () => {
    while (!finished && queue.length < Math.max(1, depth)) {
      queue.push(
        iter.next().then(
          (r): Settled => {
            if (r.done) finished = true;
            return { ok: true, r };
          },
          (e: unknown): Settled => {
            finished = true;
            return { ok: false, e };
          },
        ),
      );
    }
  };
  const stop = () => {
    finished = true;
    queue.length = 0;
  };
  fill();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<T>> {
      const pending = queue.shift();
      if (!pending) return { done: true, value: undefined };
      const s = await pending;
      if (!s.ok) {
        stop();
        throw s.e;
      }
      if (s.r.done) {
        stop();
        return s.r;
      }
      fill();
      return s.r;
    },
    async return(): Promise<IteratorResult<T>> {
      if (!finished) {
        stop();
        await iter.return?.();
      }
      return { done: true, value: undefined };
    },
  };
}
