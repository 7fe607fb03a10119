import { onAbort } from '../abort.js'
import type { Logger } from '../types.js'

export interface RetryOptions {
  /** Total attempts, first one included. */
  attempts: number
  /** Delay before the first retry; doubles each time, with jitter. */
  baseDelayMs: number
  /** What is being tried, for the log line of each retry. */
  what: string
  logger: Logger
  /** Whether this failure is worth another attempt (5xx, 429, resets, timeouts). */
  retryable: (error: unknown) => boolean
  /** The run's cancellation: no attempt starts, and no pause lasts, once it aborts. */
  signal?: AbortSignal
}

export const defaultRetry = { attempts: 4, baseDelayMs: 500 }

/** Runs `attempt` until it succeeds, a failure is not retryable, or attempts run out. Each retry is logged. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { signal } = options
  for (let n = 1; ; n++) {
    signal?.throwIfAborted()
    try {
      return await attempt(n)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      if (n >= options.attempts || !options.retryable(error)) throw error
      const delay = options.baseDelayMs * 2 ** (n - 1) * (0.75 + Math.random() / 2)
      const reason = error instanceof Error ? error.message : String(error)
      options.logger.info(`${options.what} failed (${reason}); retry ${n} of ${options.attempts - 1} in ${Math.round(delay)} ms`)
      await pause(delay, signal)
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      forget()
      resolve()
    }
    const timer = setTimeout(done, ms)
    const forget = onAbort(signal, done)
  })
}
