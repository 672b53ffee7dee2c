/**
 * A cap on requests in flight over all origins: the HostGate keeps each origin to one request at
 * a time, and this keeps the whole crawl to `size` at once, so a hundred slow sites cannot hold a
 * hundred sockets and bodies in memory together. Waiters are served in arrival order.
 */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`a cap on requests in flight must be at least 1 (got ${size})`);
  }

  /** requests running now */
  get inUse(): number {
    return this.used;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.used >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.used++;
    try {
      return await task();
    } finally {
      // hand the slot straight to the next waiter (the count stays), or give it back
      const next = this.waiting.shift();
      if (next) next();
      else this.used--;
    }
  }
}
