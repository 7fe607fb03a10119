// src/bundle/memory.ts reaches V8's collector and heap settings at run time;
// these check that each call really does what it says, on the Node running the
// suite. The young generation is sized once per process, so only a child
// process shows what keepYoungGenerationSmall changes.
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { getHeapSpaceStatistics } from 'node:v8'
import { afterAll, describe, expect, it } from 'vitest'
import { collectAll, collectWhenGrown, dropped } from '../src/bundle/memory.js'
import { removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

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

  it('dropped() also frees buffers already promoted, once the heap and its buffers have grown past its budget', async () => {
    collectWhenGrown(0) // the point growth is measured from
    let queued: Buffer[] | undefined = Array.from({ length: 40 }, () => Buffer.alloc(1024 * 1024, 1))
    const watch = new WeakRef(queued)
    collectAll() // promotes them, as a minor collection does with a pack's queued output
    // A WeakRef keeps its target until the end of the turn that made it.
    await new Promise((resolve) => setTimeout(resolve, 0))
    queued = undefined
    dropped(4 * 1024 * 1024)
    // Its minor collection alone leaves them (and 40 MB of buffers) alive.
    expect(watch.deref()).toBeUndefined()
  })
})

const memoryModule = join(import.meta.dirname, '..', 'src', 'bundle', 'memory.ts')

/** MB of V8's new space after a burst of short-lived objects, as a pack makes them. */
async function newSpaceAfterGarbage(limit: boolean): Promise<number> {
  const script = join(await tempDir('young-gen-'), 'young.mts')
  await writeFile(
    script,
    `import { getHeapSpaceStatistics } from 'node:v8'
import { keepYoungGenerationSmall } from ${JSON.stringify(memoryModule)}
if (${limit}) keepYoungGenerationSmall()
let window = []
for (let i = 0; i < 3_000_000; i++) {
  window.push({ i, name: 'file-' + i })
  if (window.length > 20_000) window = []
}
const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
console.log(space.space_size / 1048576)
`,
  )
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script])
  return Number(stdout.trim())
}

describe('the young generation', () => {
  it('stays at its starting size once limited, where V8 alone grows it', async () => {
    const [limited, free] = await Promise.all([newSpaceAfterGarbage(true), newSpaceAfterGarbage(false)])
    expect(limited).toBeLessThanOrEqual(16)
    expect(free).toBeGreaterThan(limited)
  }, 60_000)
})

const walkModule = join(import.meta.dirname, '..', 'src', 'bundle', 'walk.ts')

/** MB in use on the JavaScript heap right after walking a build of `files` files, as the action runs (young generation kept small). */
async function heapAfterWalk(files: number): Promise<number> {
  const build = await tempDir('walk-heap-')
  await mkdir(join(build, 'assets'))
  await writeFile(join(build, 'index.html'), '<html></html>')
  for (let start = 0; start < files; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, files - start) }, (_, i) => writeFile(join(build, 'assets', `chunk-${start + i}.js`), 'x')),
    )
  }
  const script = join(await tempDir('walk-heap-script-'), 'walk.mts')
  await writeFile(
    script,
    `import { getHeapStatistics } from 'node:v8'
import { keepYoungGenerationSmall } from ${JSON.stringify(memoryModule)}
import { walkBuild } from ${JSON.stringify(walkModule)}
keepYoungGenerationSmall()
const files = await walkBuild(${JSON.stringify(build)})
console.log(files.length, getHeapStatistics().used_heap_size / 1048576)
`,
  )
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script])
  const [count, heapMb] = stdout.trim().split(' ').map(Number)
  expect(count).toBe(files + 1)
  return heapMb
}

describe('walking a large build', () => {
  // Measured here: 36 MB in use after these 20,001 files when the walk left its garbage to V8, 21-22 MB with it collected.
  it('leaves the heap near its live set, not the walk garbage of every file', async () => {
    expect(await heapAfterWalk(20_000)).toBeLessThan(28)
  }, 60_000)
})
