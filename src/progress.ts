/**
 * Progress lines for long work: packing, uploads. Logs are files, so no
 * spinners: one line every interval while a stage runs longer than that, and
 * nothing at all for short runs. Fed by counters; imports nothing of GitHub.
 */

/** Time as the reporter sees it; tests pass a fake one and call its ticks themselves. */
export interface ProgressClock {
  now(): number
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void
}

export const realClock: ProgressClock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms)
    // A progress line must never keep the process alive.
    timer.unref()
    return () => clearInterval(timer)
  },
}

export const PROGRESS_INTERVAL_MS = 5000

export interface ProgressTotals {
  bytes: number
  /** Omit when the work is one file (an upload). */
  files?: number
}

export interface Progress {
  /** Counts work done since the last call. */
  add(bytes: number, files?: number): void
  /** Stops the line; call it on success and on failure. */
  done(): void
}

/** A callback the work calls as it goes; `undefined` where no one listens. */
export type OnProgress = (bytes: number, files?: number) => void

const MB = 1024 * 1024

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1)
}

/** One line: "Packing: 120 of 3000 files, 80.0 of 200.0 MB (40%), 11.4 MB/s". */
export function formatProgress(label: string, totals: ProgressTotals, done: { bytes: number; files: number }, elapsedMs: number): string {
  const percent = totals.bytes > 0 ? Math.min(100, Math.floor((done.bytes / totals.bytes) * 100)) : 0
  const rate = elapsedMs > 0 ? done.bytes / MB / (elapsedMs / 1000) : 0
  const files = totals.files === undefined ? '' : `${done.files} of ${totals.files} files, `
  return `${label}: ${files}${mb(done.bytes)} of ${mb(totals.bytes)} MB (${percent}%), ${rate.toFixed(1)} MB/s`
}

/**
 * Starts counting. The first line comes after one interval, so work that ends
 * sooner prints none.
 */
export function startProgress(
  label: string,
  totals: ProgressTotals,
  print: (line: string) => void,
  clock: ProgressClock = realClock,
  intervalMs = PROGRESS_INTERVAL_MS,
): Progress {
  const started = clock.now()
  const done = { bytes: 0, files: 0 }
  const stop = clock.every(intervalMs, () => print(formatProgress(label, totals, done, clock.now() - started)))
  return {
    add(bytes, files = 0) {
      done.bytes += bytes
      done.files += files
    },
    done: stop,
  }
}
