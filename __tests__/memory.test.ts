// src/bundle/memory.ts reaches V8's collector at run time; these check that each call really collects, on the Node running the suite.
import { getHeapSpaceStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { collectAll } from '../src/bundle/memory.js'

const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size

/** ~60 MB of small objects kept until they reach the old generation, then dropped: old-space garbage. */
function oldGarbage(): number {
  let kept: Array<{ text: string; pair: number[] }> | undefined = []
  for (let index = 0; index < 200_000; index++) kept.push({ text: `${'x'.repeat(48)}${index}`, pair: [index, index + 1] })
  collectAll() // promotes them: they are alive here
  const count = kept.length
  kept = undefined
  return count
}

describe('memory', () => {
  it('collectAll() frees old-generation garbage (on Node 20, gc({ type: "major" }) did not)', async () => {
    expect(oldGarbage()).toBe(200_000)
    await new Promise((resolve) => setTimeout(resolve, 0))
    const before = oldSpaceUsed()
    collectAll()
    const freed = before - oldSpaceUsed()
    expect(freed).toBeGreaterThan(30 * 1024 * 1024)
  })
})
