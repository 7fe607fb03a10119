// keepYoungGenerationSmall (src/bundle/memory.ts) in a fresh process each
// time: V8 sizes its young generation once per process, so only a child
// shows what the flag changes.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs, tempDir } from './support/fixtures.js'

afterAll(removeTempDirs)

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
