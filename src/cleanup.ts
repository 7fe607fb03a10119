import { BundleError } from './errors.js'
import type { CancelGuard, Network, UndoResult } from './types.js'

export type { UndoResult }

/** Undoes one thing this run created; `signal` aborts when the clean-up budget is spent. */
export type Undo = (signal: AbortSignal) => Promise<UndoResult>

/** Thrown by work that notices the run was cancelled; the face prints the guard's report instead. */
export class CancelledError extends BundleError {
  constructor(reason: string) {
    super('cancelled', `Cancelled (${reason}).`)
  }
}

/** How long undo actions may take after a signal: GitHub sends SIGTERM 7.5 s after SIGINT, and we promise an exit within 5 s. */
export const CANCEL_BUDGET_MS = 3_500
/** The process exits by then whatever the undo actions are doing. */
export const CANCEL_DEADLINE_MS = 4_500

/**
 * What a run must undo if it is stopped. Each step that creates something
 * outside this process (a file, a multipart upload, a Capgo row, an object)
 * registers how to undo it, and drops the entry once the thing is committed
 * (published for good) or cleaned up by the step's own failure handling.
 * `signal` aborts when the run is cancelled, so requests in flight stop and
 * no new write starts.
 */
export class RunGuard implements CancelGuard {
  private readonly controller = new AbortController()
  private readonly pending = new Map<symbol, { what: string; undo: Undo }>()
  private reason?: string

  get signal(): AbortSignal {
    return this.controller.signal
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted
  }

  /** Registers an undo; the returned function drops it again. */
  add(what: string, undo: Undo): () => void {
    const id = Symbol(what)
    this.pending.set(id, { what, undo })
    return () => void this.pending.delete(id)
  }

  /** What is registered now, oldest first (for tests and debug lines). */
  registered(): string[] {
    return [...this.pending.values()].map((entry) => entry.what)
  }

  /** Throws a CancelledError once the run is cancelled: call before each write. */
  throwIfCancelled(): void {
    if (this.cancelled) throw new CancelledError(this.reason ?? 'cancelled')
  }

  /**
   * Stops the run: aborts `signal`, then runs every registered undo at once
   * (each gets the time left of `budgetMs`), and returns one line saying what
   * was cleaned and what could not be. Calling it twice returns the first report.
   */
  cancel(reason: string, budgetMs = CANCEL_BUDGET_MS): Promise<string> {
    this.report ??= this.runUndos(reason, budgetMs)
    return this.report
  }

  private report?: Promise<string>

  private async runUndos(reason: string, budgetMs: number): Promise<string> {
    this.reason = reason
    this.controller.abort(new CancelledError(reason))
    const entries = [...this.pending.values()].reverse()
    this.pending.clear()
    const budget = AbortSignal.timeout(budgetMs)
    const outcomes = await Promise.all(entries.map((entry) => settle(entry, budget)))
    const cleaned = outcomes.flatMap((outcome) => (outcome.cleaned ? [outcome.cleaned] : []))
    const left = outcomes.flatMap((outcome) => (outcome.left ? [outcome.left] : []))
    return cancelReport(reason, cleaned, left)
  }
}

/** One undo, bounded by the budget; a failure or a time-out becomes what stays. */
async function settle(entry: { what: string; undo: Undo }, budget: AbortSignal): Promise<UndoResult> {
  const outOfTime = new Promise<UndoResult>((resolve) => {
    const stop = () => resolve({ left: `${entry.what} (clean-up ran out of time)` })
    if (budget.aborted) stop()
    else budget.addEventListener('abort', stop, { once: true })
  })
  try {
    return await Promise.race([entry.undo(budget), outOfTime])
  } catch (error) {
    return { left: `${entry.what} (${error instanceof Error ? error.message : String(error)})` }
  }
}

export function cancelReport(reason: string, cleaned: string[], left: string[]): string {
  const parts = [`Cancelled by ${reason}.`]
  if (cleaned.length) parts.push(`Cleaned up: ${cleaned.join('; ')}.`)
  if (left.length) parts.push(`Not cleaned up: ${left.join('; ')}.`)
  if (!cleaned.length && !left.length) parts.push('Nothing to clean up: this run had not created anything yet.')
  return parts.join(' ')
}

/** Exit status after a signal, as shells report it: 128 + the signal number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1
}

export interface SignalFace {
  /** Prints the one-line report (the action: as its failure; the CLI: on stderr). */
  report(line: string): void
  exit(code: number): void
}

/**
 * Installs SIGINT/SIGTERM handlers for one run. The first signal cancels the
 * guard and exits with the report within CANCEL_DEADLINE_MS; later signals
 * (GitHub follows SIGINT with SIGTERM) do not cut the clean-up short.
 * Returns the function that removes the handlers once the run is over.
 */
export function exitOnSignals(guard: RunGuard, face: SignalFace): () => void {
  let started = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return
    started = true
    const code = signalExitCode(signal)
    const deadline = setTimeout(() => {
      face.report(
        cancelReport(signal, [], ['clean-up did not finish in time; check output-dir, storage and Capgo for leftovers of this run']),
      )
      face.exit(code)
    }, CANCEL_DEADLINE_MS)
    void guard.cancel(signal).then((line) => {
      clearTimeout(deadline)
      face.report(line)
      face.exit(code)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** request-timeout's default, in milliseconds (action.yml says 60 seconds). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000

/** The network settings of a backend used outside a run (tests, benchmarks): the default time-out and a guard of its own. */
export function standaloneNetwork(): Network {
  return { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, guard: new RunGuard() }
}
