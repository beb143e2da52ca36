import { HttpError, type Logger } from '@pipe/sdk';

/**
 * A page or batch size whose maximum HubSpot does not document (UNCONFIRMED): pipe starts at
 * the size connectors use, and a server that refuses it with a 400 gets the call again at half
 * the size, down to `min`; the size that worked is kept for the rest of the walk. A 400 at `min`
 * is thrown: then the request is wrong for another reason.
 */
export class FittingSize {
  private current: number;

  constructor(
    /** What is sized, for the log line: e.g. `email_campaigns: ids per page`. */
    private readonly what: string,
    start: number,
    private readonly min: number,
    private readonly logger?: Logger,
  ) {
    this.current = start;
  }

  async read<T>(call: (size: number) => Promise<T>): Promise<T> {
    while (true) {
      try {
        return await call(this.current);
      } catch (e) {
        if (!(e instanceof HttpError && e.status === 400) || this.current <= this.min) throw e;
        const smaller = Math.max(this.min, Math.floor(this.current / 2));
        this.logger?.info(`${this.what}: HubSpot refused ${this.current} (400); asking for ${smaller}`);
        this.current = smaller;
      }
    }
  }
}
