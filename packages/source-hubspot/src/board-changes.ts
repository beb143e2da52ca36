/**
 * Lanes waiting for the claim board to change (a page pushed or handed on), so an idle lane takes
 * work the moment some frees up. A wait may also end after a while (`lookAgainMs`): a lane held
 * by a rate limit changes nothing for seconds. Such a wait leaves the queue when it times out,
 * so an idle lane's repeated looks never pile up waiters.
 */
export class BoardChanges {
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private closedWith: { error: unknown } | undefined;

  /** Resolves at the next change, or after `lookAgainMs`; rejects once closed. */
  wait(lookAgainMs?: number): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith.error);
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
      if (lookAgainMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        }, lookAgainMs);
      }
    });
  }

  /** The board changed: wake every waiting lane. */
  fire(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.resolve();
  }

  /** The run closed: every wait, now and later, rejects with `error`. */
  close(error: unknown): void {
    this.closedWith = { error };
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  /** Waits still queued (tests). */
  get waiting(): number {
    return this.waiters.length;
  }
}
