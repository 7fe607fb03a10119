/**
 * Runs `work(index)` for every index below `count`, at most `limit` at once;
 * `start` is called once per lane, so a lane can own its buffers. After the
 * first failure, or once `signal` aborts, no new index starts and the ones in
 * flight finish. Returns the first failure rather than throwing it, so each
 * caller decides how it ranks against a cancel and what to clean up first.
 */
export async function runBounded(
  count: number,
  limit: number,
  start: () => (index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ error: unknown } | undefined> {
  let next = 0
  let failure: { error: unknown } | undefined
  const lane = async (): Promise<void> => {
    const work = start()
    while (!failure && !signal?.aborted && next < count) {
      const index = next++
      try {
        await work(index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane))
  return failure
}
