import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * Keeps peak memory flat while hundreds of MB stream through crypto.
 *
 * Each Cipher/Decipher.update() returns a fresh buffer that is garbage a
 * moment later. V8 frees it at its next young-generation collection, but the
 * streaming loop allocates almost nothing on the JavaScript heap, so that
 * collection comes late: on Node 24, measured, about 80 MB of spent output
 * buffers piled up (peak RSS 123 MB where the same loop with 1 MiB
 * Buffer.allocUnsafeSlow() chunks stays at 47 MB; 73 MB with this). A minor
 * collection after every GARBAGE_BUDGET bytes of such output frees them: a
 * few milliseconds each at most, one per 4 MiB. --expose-gc is set at run
 * time only to reach that collection; nothing else changes.
 */
const GARBAGE_BUDGET = 4 * 1024 * 1024

type Collect = (options?: { type: 'minor' | 'major' }) => void
let collect: Collect | null | undefined
let pending = 0

function collector(): Collect | null {
  if (collect === undefined) {
    try {
      const exposed = (globalThis as { gc?: Collect }).gc
      if (exposed) collect = exposed
      else {
        setFlagsFromString('--expose-gc')
        collect = runInNewContext('gc') as Collect
      }
    } catch {
      collect = null
    }
  }
  return collect
}

/** Counts bytes of short-lived buffers just dropped; collects the young generation once they reach GARBAGE_BUDGET. */
export function dropped(bytes: number): void {
  pending += bytes
  if (pending < GARBAGE_BUDGET) return
  pending = 0
  collector()?.({ type: 'minor' })
  // Buffers still queued at a minor collection (a pack's deflate output waiting its turn) are promoted and
  // then freed only by a full one, which V8 may not run before the end: measured on Node 24, a 1 GB pack's
  // ArrayBuffers grew 14 -> 40 MB and its heap 28 -> 38 MB without one.
  collectWhenGrown(DROPPED_GARBAGE_BUDGET)
}

/** Growth of the heap and its buffers after which dropped() also runs a full collection. */
const DROPPED_GARBAGE_BUDGET = 16 * 1024 * 1024

/**
 * One full collection between stages: what the pack left in the old
 * generation (a 30,000-file build leaves tens of MB) goes before verify
 * starts, instead of adding to verify's own peak.
 */
export function collectAll(): void {
  pending = 0
  // No options: on Node 20 (V8 11.3) gc({ type: 'major' }) returns without reclaiming anything (67 MB of
  // old-space garbage stayed 67 MB, measured); gc() is a full synchronous collection on Node 20 and 24.
  collector()?.()
}

/**
 * Growth after which a loop of many small operations (the build walk's
 * stats, the delta upload loops of Capgo and custom storage) runs a full
 * collection through collectWhenGrown.
 */
export const LOOP_GARBAGE_BUDGET = 8 * 1024 * 1024

/** heapBytes() after collectWhenGrown's last collection. */
let settled = 0

/**
 * The whole heap's bytes in use, plus the memory of the ArrayBuffers it keeps
 * (Buffers live outside the heap, and a promoted one is freed only with its
 * wrapper): with the young generation kept small, their growth is the old
 * generation's.
 */
function heapBytes(): number {
  const stats = getHeapStatistics()
  return stats.used_heap_size + stats.external_memory
}

/**
 * A full collection once the heap and its buffers have grown `budget` bytes
 * past what the last one left. For loops of many small network
 * requests (3,000 delta files, two SDK requests each): their garbage is
 * promoted while each request is in flight, and V8 lets the old generation
 * grow to several times the live size (live ~22 MB, heap 90-125 MB measured)
 * before it collects. One check per file, from V8's own counters; a full
 * collection of a ~25 MB heap takes milliseconds.
 */
export function collectWhenGrown(budget: number): boolean {
  const now = heapBytes()
  if (now - settled < budget) return false
  collectAll()
  settled = heapBytes()
  return true
}

/**
 * Keeps V8's young generation at its starting size instead of letting it
 * grow to its maximum, which V8 sizes from the machine's memory: on a 24 GB
 * machine it reached 32 MB on Node 20 and 64 MB on Node 24, all of it
 * resident, though a pack's young objects (promises, buffer wrappers,
 * headers) live for microseconds. The maximum itself cannot be changed once
 * the process runs; the growth factor can. Measured on the 1 GB build of
 * 30,000 files: peak RSS 206 -> 172-177 MB on Node 20 and 233 -> 178-195 MB
 * on Node 24, CPU time unchanged. Called first thing by both entry points.
 */
export function keepYoungGenerationSmall(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1')
  } catch {
    // A runtime without the flag keeps V8's default: more memory, same result.
  }
}
