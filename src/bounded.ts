/**
 * Runs `work(index)` for every index below `count`, at most `limit` at once;
 * `start` is called once per lane, so a lane can own its buffers. After the
 * first failure, or once `signal` aborts, no new index starts and the ones in
 * flight finish; `stopped()`, handed to each, tells one that waits inside
 * (for Slots, say) not to start its costly part. Returns the first failure
 * rather than throwing it, so each caller decides how it ranks against a
 * cancel and what to clean up first.
 */
export async function runBounded(
  count: number,
  limit: number,
  start: () => (index: number, stopped: () => boolean) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ error: unknown } | undefined> {
  let next = 0
  let failure: { error: unknown } | undefined
  const stopped = (): boolean => failure !== undefined || signal?.aborted === true
  const lane = async (): Promise<void> => {
    const work = start()
    while (!stopped() && next < count) {
      const index = next++
      try {
        await work(index, stopped)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane))
  return failure
}

/**
 * Lends out a fixed set of items (say, buffers that go with a costly step),
 * each to one caller at a time; callers beyond them wait, first come first
 * served. Bounds one step of a runBounded lane without bounding the rest.
 */
export class Slots<T> {
  private readonly waiting: ((item: T) => void)[] = []
  constructor(private readonly free: T[]) {}

  async use<R>(work: (item: T) => Promise<R>): Promise<R> {
    const item = this.free.pop() ?? (await new Promise<T>((resolve) => this.waiting.push(resolve)))
    try {
      return await work(item)
    } finally {
      const next = this.waiting.shift()
      if (next) next(item)
      else this.free.push(item)
    }
  }
}
