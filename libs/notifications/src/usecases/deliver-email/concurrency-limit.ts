/** Runs at most `size` tasks at once; the others wait their turn, first come first served. */
export class ConcurrencyLimit {
  private free: number;
  private readonly queue: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
