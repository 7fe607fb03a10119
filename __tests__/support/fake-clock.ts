import type { ProgressClock } from '../../src/progress.js'

/** A clock tests move by hand: `advance(ms)` moves time and runs the interval ticks that fall due. */
export function fakeClock(): ProgressClock & { advance(ms: number): void; running(): number } {
  let now = 0
  const timers = new Set<{ ms: number; next: number; tick: () => void }>()
  return {
    now: () => now,
    every(ms, tick) {
      const timer = { ms, next: now + ms, tick }
      timers.add(timer)
      return () => timers.delete(timer)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers].filter((timer) => timer.next <= end).sort((a, b) => a.next - b.next)[0]
        if (!due) break
        now = due.next
        due.next += due.ms
        due.tick()
      }
      now = end
    },
    running: () => timers.size,
  }
}

/**
 * For backends under test, whose work cannot be paused half-way without
 * timing: the interval fires once, as the work stops, with 6 s elapsed. The
 * line shows what the counters saw.
 */
export function tickAtEndClock(): ProgressClock {
  let now = 0
  return {
    now: () => now,
    every(_ms, tick) {
      return () => {
        now += 6000
        tick()
      }
    },
  }
}
